package org.ferry.runtime.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.ChangeTracking;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.organization.OrganizationUnit;

/**
 * A system held in memory for engine tests: entities with schemas, records by business key, optional
 * organization units, and knobs to make writes fail or reads slow. Not a mock of any real system: it
 * follows the connector contract (one outcome per record, idempotent upserts). Part of the engine's test
 * harness ({@link EngineHarness}); its knobs are public fields, set between runs.
 */
public final class MemorySystem implements Connection {
    private final Map<String, EntitySchema> schemas = new LinkedHashMap<>();
    private final Map<String, Map<String, EntityRecord>> data = new ConcurrentHashMap<>();
    private final List<OrganizationUnit> units = new ArrayList<>();
    public final Set<String> failKeys = ConcurrentHashMap.newKeySet();
    public final AtomicInteger upsertCalls = new AtomicInteger();
    public volatile long pageDelayMillis;
    /** When set, every read fails with it, as a source that went away does. */
    public volatile RuntimeException readFailure;
    public volatile int batchSize = 50;
    public volatile boolean deletable;
    public volatile boolean writableById = true;
    /** Writes throw what a connector throws when its own retries are spent. */
    public volatile boolean unavailable;
    private final AtomicInteger nextId = new AtomicInteger(1000);
    /** With change tracking: reads since a checkpoint (a version) return what changed after it, deletions too. */
    public volatile boolean tracked;
    /** Entities whose change tracking is off although the system has it. */
    public final Set<String> untracked = ConcurrentHashMap.newKeySet();
    /** Refuses every checkpoint, as a service does once its tokens expired. */
    public volatile boolean refuseCheckpoints;
    /** Filters are pushed down, and these texts refused by {@link #validateFilter}. */
    public volatile boolean pushdown;
    public final Set<String> refusedFilterTokens = ConcurrentHashMap.newKeySet();
    /** What every read reports of itself. */
    public volatile List<String> readWarnings = List.of();
    /** The reads asked for, in order. */
    public final List<ReadRequest> reads = Collections.synchronizedList(new ArrayList<>());
    private final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
    /** entity → key → version of the last change; deletions as tombstones (value null in {@link #data}). */
    private final Map<String, Map<String, Long>> versions = new ConcurrentHashMap<>();
    private final Map<String, Map<String, EntityRecord>> tombstones = new ConcurrentHashMap<>();

    public MemorySystem entity(EntitySchema schema) {
        schemas.put(schema.name(), schema);
        data.put(schema.name(), Collections.synchronizedMap(new LinkedHashMap<>()));
        return this;
    }

    public MemorySystem unit(String id) {
        units.add(new OrganizationUnit(id, id, OrganizationUnit.Kind.LEGAL_ENTITY, null));
        return this;
    }

    public void put(EntityRecord record) {
        String key = record.key() == null ? "#" + record.sourceId() : record.key().asText();
        data.get(record.entity()).put(key, record);
        versions.computeIfAbsent(record.entity(), e -> new ConcurrentHashMap<>()).put(key, clock.incrementAndGet());
        Map<String, EntityRecord> gone = tombstones.get(record.entity());
        if (gone != null) {
            gone.remove(key);
        }
    }

    public void remove(String entity, String key) {
        EntityRecord gone = data.get(entity).remove(key);
        if (gone != null) {
            tombstones.computeIfAbsent(entity, e -> new ConcurrentHashMap<>()).put(key, gone);
            versions.computeIfAbsent(entity, e -> new ConcurrentHashMap<>()).put(key, clock.incrementAndGet());
        }
    }

    @Override
    public org.ferry.api.connector.ChangeTracking changeTracking(String entity) {
        return tracked && !untracked.contains(entity) ? ChangeTracking.DELTA : ChangeTracking.NONE;
    }

    @Override
    public void validateFilter(String entity, String filter) {
        for (String token : refusedFilterTokens) {
            int at = filter.indexOf(token);
            if (at >= 0) {
                throw new ConfigurationException("filter", "'" + token + "' at position " + (at + 1)
                        + " is not supported by this system");
            }
        }
    }

    public Map<String, EntityRecord> records(String entity) {
        synchronized (data.get(entity)) {
            return new LinkedHashMap<>(data.get(entity));
        }
    }

    @Override
    public TestResult test() {
        return new TestResult(true, "in memory", null);
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(tracked ? ChangeTracking.DELTA : ChangeTracking.NONE, tracked, deletable, pushdown,
                batchSize, 1, writableById);
    }

    @Override
    public List<EntityInfo> listEntities() {
        return schemas.keySet().stream().map(n -> new EntityInfo(n, n)).toList();
    }

    @Override
    public EntitySchema describe(String entity) {
        EntitySchema s = schemas.get(entity);
        if (s == null) {
            throw new ConfigurationException("entity", "'" + entity + "' does not exist");
        }
        return s;
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        return units;
    }

    @Override
    public RecordReader read(ReadRequest request) {
        reads.add(request);
        boolean delta = request.checkpoint() != null && changeTracking(request.entity()) == ChangeTracking.DELTA;
        if (delta && refuseCheckpoints) {
            throw new org.ferry.api.error.CheckpointExpiredException("Version stamp associated with the client has"
                    + " expired. Please perform a full sync.");
        }
        long since = delta ? Long.parseLong(request.checkpoint()) : -1;
        long upTo = clock.get();
        Map<String, Long> changed = versions.getOrDefault(request.entity(), Map.of());
        List<EntityRecord> all = new ArrayList<>();
        records(request.entity()).forEach((key, r) -> {
            if (!delta || changed.getOrDefault(key, 0L) > since) {
                all.add(r);
            }
        });
        if (delta) {
            tombstones.getOrDefault(request.entity(), Map.of()).forEach((key, r) -> {
                if (changed.getOrDefault(key, 0L) > since) {
                    all.add(EntityRecord.deletion(r.entity(), r.key(), r.sourceId()));
                }
            });
        }
        boolean tracking = changeTracking(request.entity()) == ChangeTracking.DELTA;
        if (request.organization() != null) {
            all.removeIf(r -> r.organization() != null && !r.organization().equals(request.organization().id()));
        }
        return new RecordReader() {
            private int next;

            @Override
            public List<EntityRecord> nextPage() {
                if (readFailure != null) {
                    throw readFailure;
                }
                if (next >= all.size()) {
                    return null;
                }
                if (pageDelayMillis > 0) {
                    try {
                        Thread.sleep(pageDelayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                List<EntityRecord> page = all.subList(next, Math.min(all.size(), next + request.pageSize()));
                next += page.size();
                return List.copyOf(page);
            }

            @Override
            public String checkpoint() {
                return tracking ? Long.toString(upTo) : null;
            }

            @Override
            public java.util.OptionalLong estimatedTotal() {
                return java.util.OptionalLong.of(all.size());
            }

            @Override
            public List<String> warnings() {
                return readWarnings;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        upsertCalls.incrementAndGet();
        if (unavailable) {
            throw new org.ferry.api.error.RetriableException("the test system stayed busy through its retry budget",
                    java.time.Duration.ofSeconds(30), null);
        }
        if (records.size() > batchSize) {
            throw new IllegalStateException("batch of " + records.size() + " exceeds " + batchSize);
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        Map<String, EntityRecord> table = data.get(entity);
        for (EntityRecord r : records) {
            String key = r.key().asText();
            if (failKeys.contains(key)) {
                outcomes.add(WriteOutcome.failed(r.key(), "Name", "refused by the test system"));
                continue;
            }
            EntityRecord stored = merged(table.get(key), r).organization(organization == null ? null : organization.id()).build();
            EntityRecord before = table.put(key, stored);
            outcomes.add(before == null ? WriteOutcome.inserted(r.key())
                    : before.values().equals(stored.values()) ? WriteOutcome.unchanged(r.key()) : WriteOutcome.updated(r.key()));
        }
        return outcomes;
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (BusinessKey k : keys) {
            data.get(entity).remove(k.asText());
            outcomes.add(WriteOutcome.deleted(k));
        }
        return outcomes;
    }

    /** Records written by id are stored under {@code #id}, the way {@link #put} stores key-less ones. */
    @Override
    public List<WriteOutcome> writeById(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        upsertCalls.incrementAndGet();
        List<WriteOutcome> outcomes = new ArrayList<>();
        Map<String, EntityRecord> table = data.get(entity);
        for (EntityRecord r : records) {
            if (r.values().values().stream().anyMatch(v -> v != null && failKeys.contains(v.asText()))) {
                outcomes.add(WriteOutcome.failed(r.key(), "Name", "refused by the test system"));
                continue;
            }
            String id = r.sourceId() != null && table.containsKey("#" + r.sourceId()) ? r.sourceId()
                    : "id-" + nextId.incrementAndGet();
            EntityRecord stored = merged(table.get("#" + id), r).sourceId(id)
                    .organization(organization == null ? null : organization.id()).build();
            EntityRecord before = table.put("#" + id, stored);
            WriteOutcome o = before == null ? WriteOutcome.inserted(r.key())
                    : before.values().equals(stored.values()) ? WriteOutcome.unchanged(r.key()) : WriteOutcome.updated(r.key());
            outcomes.add(o.withId(id));
        }
        return outcomes;
    }

    /** As the contract says: an existing record is updated with the fields the write carries, others kept. */
    private static EntityRecord.Builder merged(EntityRecord before, EntityRecord write) {
        if (before == null) {
            return write.toBuilder();
        }
        EntityRecord.Builder b = before.toBuilder().key(write.key());
        write.values().forEach(b::set);
        return b;
    }

    @Override
    public List<WriteOutcome> deleteById(String entity, OrganizationUnit organization, List<String> ids) {
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (String id : ids) {
            data.get(entity).remove("#" + id);
            outcomes.add(WriteOutcome.deleted(null).withId(id));
        }
        return outcomes;
    }

    @Override
    public void close() {
    }
}
