package org.ferry.sandbox.internal;

import jakarta.servlet.Servlet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.SandboxServlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sandbox inside the server when the framework property {@code ferry.sandbox} is true:
 * options come from {@code ferry.sandbox.<option>} properties, the servlet goes on the HTTP
 * whiteboard at {@code /sandbox/*}. The client secret is a fake credential for the demo; it is
 * printed once and written to {@code <ferry.data>/sandbox-client-secret} for the demo script.
 */
@Component(immediate = true, service = {})
public class SandboxComponent {
    static final String ENABLED = "ferry.sandbox";
    static final String PREFIX = "ferry.sandbox.";
    private static final Logger LOG = LoggerFactory.getLogger(SandboxComponent.class);

    private ServiceRegistration<Servlet> registration;
    private SandboxServlet servlet;

    @Activate
    void activate(BundleContext context) throws IOException {
        if (!Boolean.parseBoolean(context.getProperty(ENABLED))) {
            LOG.debug("Sandbox not started: framework property {} is not true", ENABLED);
            return;
        }
        Map<String, String> raw = new HashMap<>();
        for (String key : SandboxOptions.KEYS) {
            String value = context.getProperty(PREFIX + key);
            if (value != null && !value.isBlank()) {
                raw.put(key, value);
            }
        }
        SandboxOptions options = SandboxOptions.fromMap(raw);
        String dataFolder = context.getProperty("ferry.data");
        if (dataFolder != null && !dataFolder.isBlank()) {
            // like a cloud service, the sandbox keeps its records across restarts of the server
            options = options.toBuilder().dataDirectory(Path.of(dataFolder, "sandbox")).build();
        }
        servlet = new SandboxServlet(options);
        System.out.println("Sandbox client secret: " + options.clientSecret());
        String data = context.getProperty("ferry.data");
        if (data != null && !data.isBlank()) {
            Path file = Path.of(data, "sandbox-client-secret");
            Files.createDirectories(file.getParent());
            Files.writeString(file, options.clientSecret() + System.lineSeparator(), StandardCharsets.UTF_8);
        }
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, "/sandbox/*");
        props.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "ferry-sandbox");
        registration = context.registerService(Servlet.class, servlet, props);
        LOG.info("Sandbox started at /sandbox ({})", options);
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
            registration = null;
        }
        if (servlet != null) {
            servlet.destroy();
            servlet = null;
        }
    }
}
