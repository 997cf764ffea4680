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
        /** When the first read began and the last write ended: with two connections' clocks, a leg's wall time. */
        final java.util.concurrent.atomic.AtomicLong firstRead = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        final java.util.concurrent.atomic.AtomicLong lastWrite = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

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

        /**
         * @param target the clock of the connection the leg reading through this one writes to
         * @return seconds from this connection's first read to the target's last write: the leg's wall time, when
         *         the leg is the only one reading here and writing there since the clocks were reset
         */
        public double legSecondsTo(Clock target) {
            return (target.lastWrite.get() - firstRead.get()) / 1e9;
        }

        void read(long start, long end) {
            readNanos.add(end - start);
            firstRead.accumulateAndGet(start, Math::min);
        }

        void wrote(long start, long end) {
            writeNanos.add(end - start);
            lastWrite.accumulateAndGet(end, Math::max);
        }

        public void reset() {
            firstRead.set(Long.MAX_VALUE);
            lastWrite.set(Long.MIN_VALUE);
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
        clock.read(start, System.nanoTime());
        return new RecordReader() {
            @Override
            public List<EntityRecord> nextPage() {
                long t = System.nanoTime();
                try {
                    return reader.nextPage();
                } finally {
                    clock.read(t, System.nanoTime());
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
            clock.wrote(t, System.nanoTime());
            clock.writes.increment();
        }
    }

    @Override
    public List<WriteOutcome> delete(String entity, OrganizationUnit organization, List<BusinessKey> keys) {
        long t = System.nanoTime();
        try {
            return delegate.delete(entity, organization, keys);
        } finally {
            clock.wrote(t, System.nanoTime());
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
