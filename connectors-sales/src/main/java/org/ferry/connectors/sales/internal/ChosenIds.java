package org.ferry.connectors.sales.internal;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.ferry.api.data.EntityRecord;

/**
 * The GUIDs this connection chose for records it creates by id, one per record <em>instance</em>, kept while the
 * engine holds the record.
 *
 * <p>A create is only safe to send again if it is sent with the same id: the resend then finds the record the
 * lost attempt made (412) instead of making a second one. Within one write the operation keeps its id; but the
 * engine also calls a write again, with the very same records, when it failed as retriable (the transport gave up
 * on a batch, parts stayed throttled), possibly after some of its creates were applied. Keyed by identity, not
 * by equality: two source records may map to equal target records (no business key, same values), and each needs
 * its own record. Weak, so an id is forgotten with the batch that needed it.
 */
final class ChosenIds {
    private final ReferenceQueue<EntityRecord> forgotten = new ReferenceQueue<>();
    private final Map<Instance, String> ids = new HashMap<>();

    /** @return the GUID to create this record with: new (random) the first time, the same while it is retried */
    synchronized String idFor(EntityRecord record) {
        for (Object gone = forgotten.poll(); gone != null; gone = forgotten.poll()) {
            ids.remove(gone);
        }
        return ids.computeIfAbsent(new Instance(record, forgotten), k -> UUID.randomUUID().toString());
    }

    private static final class Instance extends WeakReference<EntityRecord> {
        private final int hash;

        Instance(EntityRecord record, ReferenceQueue<EntityRecord> queue) {
            super(record, queue);
            this.hash = System.identityHashCode(record);
        }

        @Override
        public boolean equals(Object other) {
            if (other == this) {
                return true;
            }
            EntityRecord mine = get();
            return mine != null && other instanceof Instance that && that.get() == mine;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
