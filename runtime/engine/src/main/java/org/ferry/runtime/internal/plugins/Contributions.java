package org.ferry.runtime.internal.plugins;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * The services of one kind that plugins currently contribute, keyed by the id they declare (a connector
 * type, a transform type). Bind and unbind come from SCR threads while runs read concurrently, hence
 * the concurrent map; when two bundles claim the same id, the higher service ranking wins, as OSGi
 * lookups do.
 */
final class Contributions<S> {

    /** One contributed service with the id it claims and the bundle it came from. */
    record Contribution<S>(long serviceId, String key, S service, Bundle bundle, int ranking) {
    }

    private final Map<Long, Contribution<S>> byServiceId = new ConcurrentHashMap<>();

    void add(String key, S service, ServiceReference<?> ref) {
        long id = (Long) ref.getProperty(Constants.SERVICE_ID);
        Object ranking = ref.getProperty(Constants.SERVICE_RANKING);
        byServiceId.put(id, new Contribution<>(id, key, service, ref.getBundle(),
                ranking instanceof Integer r ? r : 0));
    }

    void remove(ServiceReference<?> ref) {
        byServiceId.remove((Long) ref.getProperty(Constants.SERVICE_ID));
    }

    Optional<Contribution<S>> find(String key) {
        return byServiceId.values().stream()
                .filter(c -> c.key().equals(key))
                .max(Comparator.comparingInt((Contribution<S> c) -> c.ranking())
                        .thenComparing(c -> -c.serviceId()));
    }

    /** @return the winning contribution per key, sorted by key */
    List<Contribution<S>> all() {
        return byServiceId.values().stream()
                .map(Contribution::key).distinct().sorted()
                .map(k -> find(k).orElseThrow())
                .toList();
    }

    /** @return the keys a bundle contributes, sorted */
    List<String> keysOf(Bundle bundle) {
        return byServiceId.values().stream()
                .filter(c -> c.bundle() != null && c.bundle().getBundleId() == bundle.getBundleId())
                .map(Contribution::key).sorted().toList();
    }
}
