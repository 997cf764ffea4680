package org.ferry.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import org.ferry.sandbox.SandboxServlet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

class SandboxComponentTest {
    private final List<Object[]> registrations = new ArrayList<>();
    private final List<String> unregistered = new ArrayList<>();

    private BundleContext context(Map<String, String> properties) {
        ServiceRegistration<?> registration = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ServiceRegistration.class}, (p, m, a) -> {
                    if (m.getName().equals("unregister")) {
                        unregistered.add("yes");
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (p, m, a) -> switch (m.getName()) {
                    case "getProperty" -> properties.get((String) a[0]);
                    case "registerService" -> {
                        registrations.add(a);
                        yield registration;
                    }
                    default -> null;
                });
    }

    @Test
    void registersTheServletOnTheWhiteboardWhenEnabled(@TempDir Path data) throws Exception {
        SandboxComponent component = new SandboxComponent();
        component.activate(context(Map.of("ferry.sandbox", "true", "ferry.sandbox.client-secret", "demo-secret",
                "ferry.sandbox.accounts", "10", "ferry.data", data.toString())));
        assertEquals(1, registrations.size());
        assertInstanceOf(SandboxServlet.class, registrations.get(0)[1]);
        SandboxServlet servlet = (SandboxServlet) registrations.get(0)[1];
        assertEquals(10, servlet.options().accounts());
        Dictionary<?, ?> props = (Dictionary<?, ?>) registrations.get(0)[2];
        assertEquals("/sandbox/*", props.get("osgi.http.whiteboard.servlet.pattern"));
        assertEquals("demo-secret", Files.readString(data.resolve("sandbox-client-secret")).trim());
        component.deactivate();
        assertEquals(1, unregistered.size());
    }

    @Test
    void staysAwayUnlessEnabled() throws Exception {
        SandboxComponent component = new SandboxComponent();
        component.activate(context(Map.of()));
        assertTrue(registrations.isEmpty());
        component.deactivate();
        assertTrue(unregistered.isEmpty());
    }
}
