package org.ferry.connectors.common.odata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The entity models read from services' {@code $metadata}, kept across the connections a connector type opens, so
 * a run does not download and parse a service's whole schema again: a real Dataverse organization's {@code $metadata}
 * runs to megabytes, and every run opens its connections afresh. A model is kept for {@link #MAX_AGE}; listing a
 * connection's entities ({@code POST /api/connections/{id}/entities/refresh}, the console's refresh) reads it anew.
 * Keyed by service root and application user: what one user may read says nothing of another's rights.
 *
 * <p>A real organization's models take megabytes of heap, so they are held softly (a collector short of memory
 * takes them, and the next connection reads the schema again), and a schema past its age is dropped at the next use
 * of the cache, whichever service it was of.
 *
 * <p>Thread-safe. Two connections that miss at once may both read the schema; the later one is kept.
 */
public final class MetadataCache {
    /** How long a schema read is trusted: tables added or changed since are seen after at most this long. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);

    /** A cache that keeps nothing: every connection reads the schema itself. */
    public static final MetadataCache NONE = new MetadataCache(Duration.ZERO, Clock.systemUTC());

    private record Entry(java.lang.ref.SoftReference<Map<String, ?>> models, Instant loaded) {
    }

    private final Duration maxAge;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    public MetadataCache() {
        this(MAX_AGE, Clock.systemUTC());
    }

    public MetadataCache(Duration maxAge, Clock clock) {
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** @return the models kept under this key if younger than the maximum age, else what {@code load} reads, kept */
    @SuppressWarnings("unchecked")
    <M> Map<String, M> get(String key, Supplier<Map<String, M>> load) {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !now.isBefore(e.loaded().plus(maxAge)));
        Entry e = entries.get(key);
        Map<String, M> kept = e == null ? null : (Map<String, M>) e.models().get();
        if (kept != null) {
            return kept;
        }
        Map<String, M> models = load.get();
        if (!maxAge.isZero()) {
            entries.put(key, new Entry(new java.lang.ref.SoftReference<>(models), now));
        }
        return models;
    }

    /** Forgets the models under this key and what was kept beside them (under the key and a space): read anew next. */
    void forget(String key) {
        entries.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + " "));
    }
}
