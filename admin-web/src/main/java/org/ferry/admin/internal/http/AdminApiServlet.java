package org.ferry.admin.internal.http;

import java.io.IOException;

import org.ferry.admin.internal.plugins.CatalogResource;
import org.ferry.admin.internal.plugins.HealthResource;
import org.ferry.admin.internal.plugins.PluginResource;
import org.ferry.runtime.management.HealthCheck;
import org.ferry.runtime.management.PluginInventory;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The admin API: Jersey mounted on the HTTP whiteboard at {@code /api/*}.
 *
 * <p>Jersey finds its runtime through {@code ServiceLoader} on the thread context class loader, which in
 * OSGi is not set to anything that can see Jersey's service files. So initialisation and every request
 * run with the TCCL set to the jersey-server bundle's loader (see reference/osgi-stack.md, pitfall 2).
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/api/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=ferry-admin-api",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_MULTIPART_ENABLED + "=true",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_MULTIPART_MAXFILESIZE + "=104857600"})
public class AdminApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ClassLoader JERSEY_LOADER = ResourceConfig.class.getClassLoader();
    /**
     * Jersey warns that resource instances "do not implement any provider interfaces" when they are
     * registered as objects (Jersey issue #3700); the resources work, so the warning is noise. Held in a
     * field because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger PROVIDER_WARNINGS = quiet("org.glassfish.jersey.internal.inject.Providers");

    private final transient ServletContainer jersey;

    @Activate
    public AdminApiServlet(@Reference PluginInventory plugins, @Reference HealthCheck health) {
        JsonMapperProvider json = new JsonMapperProvider();
        ResourceConfig config = new ResourceConfig()
                .register(new HealthResource(health))
                .register(new PluginResource(plugins))
                .register(new CatalogResource(plugins))
                .register(json)
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new ProblemMapper())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true);
        this.jersey = new ServletContainer(config);
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        try {
            withJerseyLoader(() -> jersey.init(config));
        } catch (IOException e) {
            throw new ServletException("Jersey failed to start", e);
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        withJerseyLoader(() -> jersey.service(request, response));
    }

    @Override
    public void destroy() {
        try {
            withJerseyLoader(jersey::destroy);
        } catch (ServletException | IOException e) {
            log("Jersey did not stop cleanly", e);
        }
        super.destroy();
    }

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.SEVERE);
        return logger;
    }

    @FunctionalInterface
    private interface ServletWork {
        void run() throws ServletException, IOException;
    }

    private static void withJerseyLoader(ServletWork work) throws ServletException, IOException {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JERSEY_LOADER);
        try {
            work.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
