package org.ferry.runtime.internal.plugins;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.template.TemplateProvider;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Registers plain objects in an {@link ExtensionRegistry} as the framework would, for tests that run
 * without OSGi: the service references and the bundle are dynamic proxies answering the few calls the
 * registry makes.
 */
public final class TestRegistries {
    private static final AtomicLong SERVICE_IDS = new AtomicLong(1000);

    private TestRegistries() {
    }

    /** @return the reference it was registered with, to unregister it */
    public static ServiceReference<ConnectorFactory> addConnector(ExtensionRegistry registry, ConnectorFactory factory) {
        ServiceReference<ConnectorFactory> ref = reference(Map.of(ConnectorFactory.TYPE, factory.type()));
        registry.bindConnectorFactory(factory, ref);
        return ref;
    }

    public static void removeConnector(ExtensionRegistry registry, ServiceReference<ConnectorFactory> ref) {
        registry.unbindConnectorFactory(ref);
    }

    public static void addTemplates(ExtensionRegistry registry, TemplateProvider provider) {
        registry.bindTemplateProvider(provider, reference(Map.of()));
    }

    @SuppressWarnings("unchecked")
    private static <S> ServiceReference<S> reference(Map<String, Object> properties) {
        long id = SERVICE_IDS.incrementAndGet();
        Bundle bundle = (Bundle) Proxy.newProxyInstance(TestRegistries.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> "test.bundle";
                    case "getBundleId" -> 42L;
                    case "hashCode" -> 42;
                    case "equals" -> proxy == args[0];
                    case "toString" -> "test.bundle";
                    default -> null;
                });
        return (ServiceReference<S>) Proxy.newProxyInstance(TestRegistries.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> Constants.SERVICE_ID.equals(args[0]) ? (Object) id : properties.get(args[0]);
                    case "getBundle" -> bundle;
                    case "hashCode" -> Long.hashCode(id);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "ServiceReference[" + id + "]";
                    default -> null;
                });
    }
}
