package org.ferry.admin.internal.http;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.ferry.admin.internal.audit.AuditResource;
import org.ferry.admin.internal.auth.AccessFilter;
import org.ferry.admin.internal.auth.AuthFilter;
import org.ferry.admin.internal.auth.AuthResource;
import org.ferry.admin.internal.auth.LiveCredentials;
import org.ferry.admin.internal.events.EventResource;
import org.ferry.admin.internal.auth.LoginService;
import org.ferry.admin.internal.auth.LoginThrottle;
import org.ferry.admin.internal.auth.TokenStore;
import org.ferry.admin.internal.auth.UserResource;
import org.ferry.admin.internal.cluster.ClusterResource;
import org.ferry.admin.internal.connections.ConnectionResource;
import org.ferry.admin.internal.connections.ConnectionSetResource;
import org.ferry.admin.internal.metrics.ApiLatency;
import org.ferry.admin.internal.metrics.MetricsResource;
import org.ferry.admin.internal.openapi.OpenApiResource;
import org.ferry.admin.internal.plugins.CatalogResource;
import org.ferry.admin.internal.plugins.HealthResource;
import org.ferry.admin.internal.plugins.PluginResource;
import org.ferry.admin.internal.projects.ProjectResource;
import org.ferry.admin.internal.projects.ScheduleResource;
import org.ferry.admin.internal.projects.TaskResource;
import org.ferry.admin.internal.runs.ProjectRunResource;
import org.ferry.admin.internal.runs.RunResource;
import org.ferry.runtime.management.AuditLog;
import org.ferry.runtime.management.ChangeFeed;
import org.ferry.runtime.management.NotificationService;
import org.ferry.runtime.management.TemplateService;
import org.ferry.admin.internal.projects.SaveAsTemplateResource;
import org.ferry.admin.internal.projects.KeyMapResource;
import org.ferry.admin.internal.projects.NotificationResource;
import org.ferry.admin.internal.projects.PreviewResource;
import org.ferry.admin.internal.projects.ProjectCodeResource;
import org.ferry.runtime.management.ConnectionService;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.HealthCheck;
import org.ferry.runtime.management.KeyMapService;
import org.ferry.runtime.management.MetricsService;
import org.ferry.runtime.management.PluginInventory;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.RunService;
import org.ferry.runtime.management.ScheduleService;
import org.ferry.runtime.management.UserService;
import org.ferry.runtime.management.SessionService;
import org.ferry.runtime.management.ClusterService;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.media.sse.SseFeature;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;
import org.glassfish.jersey.servlet.ServletContainer;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
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
        // GET /api/events keeps its answer open (server-sent events) without holding a request thread
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED + "=true",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_MULTIPART_MAXFILESIZE + "=104857600",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_MULTIPART_MAXREQUESTSIZE + "=" + BodyLimit.PLUGIN_MAX})
public class AdminApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final ClassLoader JERSEY_LOADER = ResourceConfig.class.getClassLoader();
    /**
     * Jersey warns that resource instances "do not implement any provider interfaces" when they are
     * registered as objects (Jersey issue #3700); the resources work, so the warning is noise. Held in a
     * field because java.util.logging keeps loggers weakly.
     */
    private static final java.util.logging.Logger PROVIDER_WARNINGS = quiet("org.glassfish.jersey.internal.inject.Providers");

    /** How long a request that arrives while Jersey is being built waits for it. */
    private static final long STARTUP_WAIT_SECONDS = 60;

    /** Jersey, once built ({@link #init}). */
    private final transient CompletableFuture<ServletContainer> jersey = new CompletableFuture<>();
    private final transient HealthCheck health;
    private final transient BundleContext context;

    /*
     * The store-backed services are optional and dynamic: while one is missing (its bundle restarting,
     * or not yet started) its routes answer 503 and the rest of the API keeps working.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConnectionService connections;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ConnectionSetService connectionSets;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ProjectService projects;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ScheduleService schedules;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RunService runs;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog audit;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile NotificationService notifications;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile TemplateService savedTemplates;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile KeyMapService keyMaps;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetricsService metrics;
    /** Optional too: the store opens off the start-level thread, and health must answer STARTING meanwhile. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile UserService users;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ChangeFeed changes;
    /** Over the store, like the user directory: optional while it opens. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile SessionService sessions;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ClusterService cluster;
    /** Over the store too (plugins uploaded through the API are kept there for every node). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PluginInventory plugins;

    @Activate
    public AdminApiServlet(@Reference HealthCheck health, BundleContext context) {
        this.health = health;
        this.context = context;
    }

    /** The application: every resource over its (optional) service, the filters, JSON and problem mapping. */
    private ResourceConfig application() {
        Supplier<PluginInventory> plugins = available(() -> this.plugins, "the plugin inventory");
        Supplier<UserService> userService = available(() -> users, "the user directory");
        Supplier<AuditLog> auditOrNull = () -> audit;
        TokenStore tokens = new TokenStore(available(() -> sessions, "the session store"));
        LoginService logins = new LoginService(userService, auditOrNull, new LoginThrottle(Clock.systemUTC()));
        JsonMapperProvider json = new JsonMapperProvider();
        List<Object> resources = List.of(
                new HealthResource(health),
                new ClusterResource(available(() -> cluster, "the cluster service")),
                new PluginResource(plugins, auditOrNull),
                new CatalogResource(plugins),
                new AuthResource(tokens, logins),
                new UserResource(userService, tokens),
                new ConnectionResource(available(() -> connections, "the connection service")),
                new ConnectionSetResource(available(() -> connectionSets, "the connection set service")),
                new ProjectResource(available(() -> projects, "the project service")),
                new TaskResource(available(() -> projects, "the project service")),
                new ScheduleResource(available(() -> schedules, "the schedule service")),
                new ProjectRunResource(available(() -> runs, "the run service")),
                new RunResource(available(() -> runs, "the run service"), available(() -> projects, "the project service")),
                new AuditResource(available(() -> audit, "the audit log")),
                new PreviewResource(available(() -> runs, "the run service")),
                new NotificationResource(available(() -> notifications, "the notification service")),
                new KeyMapResource(available(() -> keyMaps, "the key map service")),
                new MetricsResource(available(() -> metrics, "the metrics service")),
                new EventResource(available(() -> changes, "the change feed"), new LiveCredentials(userService, tokens),
                        json.mapper()),
                new SaveAsTemplateResource(available(() -> savedTemplates, "the template service")),
                new SaveAsTemplateResource.Removal(available(() -> savedTemplates, "the template service")),
                new ProjectCodeResource(available(() -> projects, "the project service"),
                        available(() -> connectionSets, "the connection set service"),
                        available(() -> connections, "the connection service")));
        List<Class<?>> documented = new ArrayList<>(resources.stream().<Class<?>>map(Object::getClass).toList());
        documented.add(OpenApiResource.class);
        ResourceConfig config = new ResourceConfig()
                .register(new AuthFilter(userService, tokens, logins, withJerseyLoader(() -> RouteTemplate.declared(documented))))
                .register(new AccessFilter())
                .register(new BodyTypeFilter())
                .register(OpenApiResource.of(documented, context.getBundle().getVersion().toString()))
                .register(json)
                .register(SseFeature.class)
                .register(JacksonFeature.withoutExceptionMappers())
                .register(new ProblemMapper())
                .register(new KnownLengthBodies())
                // KnownLengthBodies buffers instead, in a buffer kept per thread
                .property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0)
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.RESPONSE_SET_STATUS_OVER_SEND_ERROR, true)
                // Location headers stay as the resources write them (/api/runs/{id}): the contract, and right
                // behind a proxy that rewrites the host
                .property(ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
        resources.forEach(config::register);
        return config;
    }

    private static <T> Supplier<T> available(Supplier<T> service, String what) {
        return () -> {
            T s = service.get();
            if (s == null) {
                throw ProblemException.unavailable(what);
            }
            return s;
        };
    }

    /**
     * Builds Jersey on a thread of its own: it takes half a second or more of a cold start (the resource model, the
     * OpenAPI document, HK2), and on the whiteboard's thread, which is the framework's start-level thread, every bundle
     * after this one waited for it. Requests that arrive meanwhile wait for it ({@link #STARTUP_WAIT_SECONDS}).
     */
    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        Thread.ofPlatform().name("ferry-api-start").daemon(true).start(() -> {
            try {
                ServletContainer container = withJerseyLoader(() -> new ServletContainer(application()));
                withJerseyLoader(() -> container.init(config));
                jersey.complete(container);
            } catch (Throwable e) {
                log("Jersey failed to start", e);
                jersey.completeExceptionally(e);
            }
        });
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        long started = System.nanoTime();
        try {
            ServletContainer container = ready(response);
            if (container != null) {
                withJerseyLoader(() -> container.service(request, response));
            }
        } finally {
            ApiLatency.record(request.getMethod(), response.getStatus(), request.getPathInfo(), System.nanoTime() - started);
        }
    }

    /** @return Jersey, or {@code null} after answering 503 when it is not there in time or failed to start */
    private ServletContainer ready(HttpServletResponse response) throws IOException {
        try {
            return jersey.get(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            HttpHardening.refuse(response, true, 503, "Service Unavailable", e instanceof TimeoutException
                    ? "the admin API is still starting; try again in a moment"
                    : "the admin API failed to start; the server log says why");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            HttpHardening.refuse(response, true, 503, "Service Unavailable", "the server is stopping");
            return null;
        }
    }

    @Override
    public void destroy() {
        try {
            ServletContainer container = jersey.get(STARTUP_WAIT_SECONDS, TimeUnit.SECONDS);
            withJerseyLoader(container::destroy);
        } catch (ExecutionException | TimeoutException notStarted) {
            // nothing to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    /** Jersey's model classes find their runtime through the TCCL too, outside a request as well. */
    private static <T> T withJerseyLoader(Supplier<T> work) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(JERSEY_LOADER);
        try {
            return work.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
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
