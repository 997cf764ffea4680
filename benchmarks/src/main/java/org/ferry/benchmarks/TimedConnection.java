package org.ferry.benchmarks;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.ferry.api.connector.Capabilities;
import org.ferry.api.connector.Connection;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.connector.TestResult;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.organization.OrganizationUnit;

/**
 * A connection that adds the wall time spent in its reads ({@code nextPage}) and writes ({@code upsert},
 * {@code delete}) to shared counters, so a run's time can be split between reading, writing and what the
 * engine does in between (mapping, hashing, its own store) without a profiler.
 */
public final class TimedConnection implements Connection {
    /** Nanoseconds spent in one connection's calls, added up over every connection opened with it. */
    public static final class Clock {
        final LongAdder readNanos = new LongAdder();
        final LongAdder writeNanos = new LongAdder();
        final LongAdder pages = new LongAdder();
        final LongAdder writes = new LongAdder();

        public double readSeconds() {
            return readNanos.sum() / 1e9;
        }

        public double writeSeconds() {
            return writeNanos.sum() / 1e9;
        }

        public long pages() {
            return pages.sum();
        }

        public long writes() {
            return writes.sum();
        }

        public void reset() {
            readNanos.reset();
            writeNanos.reset();
            pages.reset();
            writes.reset();
        }
    }

    private final Connection delegate;
    private final Clock clock;

    public TimedConnection(Connection delegate, Clock clock) {
        this.delegate = delegate;
        this.clock = clock;
    }

    @Override
    public RecordReader read(ReadRequest request) {
        long start = System.nanoTime();
        RecordReader reader = delegate.read(request);
        clock.readNanos.add(System.nanoTime() - start);
        return new RecordReader() {
            @Override
            public List<EntityRecord> nextPage() {
                long t = System.nanoTime();
                try {
                    return reader.nextPage();
                } finally {
                    clock.readNanos.add(System.nanoTime() - t);
                    clock.pages.increment();
                }
            }

            @Override
            public String checkpoint() {
                return reader.checkpoint();
            }

            @Override
            public void close() {
                reader.close();
            }
        };
    }

    @Override
    public List<WriteOutcome> upsert(String entity, OrganizationUnit organization, List<EntityRecord> records) {
        long t = System.nanoTime();
        try {
            return delegate.upsert(entity, organization, records);
        } finally {
            clock.writeNanos.add(System.nanoTime() - t);
            clock.writes.increment();
        }
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        long t = System.nanoTime();
        try {
            return delegate.delete(entity, organization, keys);
        } finally {
            clock.writeNanos.add(System.nanoTime() - t);
        }
    }

    @Override
    public TestResult test() {
        return delegate.test();
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public List<EntityInfo> listEntities() {
        return delegate.listEntities();
    }

    @Override
    public EntitySchema describe(String entity) {
        return delegate.describe(entity);
    }

    @Override
    public List<OrganizationUnit> organizationUnits() {
        return delegate.organizationUnits();
    }

    @Override
    public EntitySchema createEntity(EntitySchema schema) {
        return delegate.createEntity(schema);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
