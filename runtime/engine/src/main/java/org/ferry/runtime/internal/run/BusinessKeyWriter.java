package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.runtime.internal.mapping.LegMapping;
import org.ferry.runtime.internal.run.RecordHashes.Written;

/**
 * Writes a leg's batches by business key: skips records whose hash says they are unchanged, refuses
 * business-key collisions between source units, upserts the rest (through {@link TargetCalls}), counts each
 * outcome, and has the hashes of what the target acknowledged stored ({@link HashWriteBehind}: while the next
 * batch is written).
 */
final class BusinessKeyWriter implements LegWriter {
    private final LegPlan plan;
    private final boolean full;
    private final RecordHashes hashes;
    private final HashWriteBehind memory;
    private final Outcomes outcomes;
    private final TargetCalls calls;
    private final Removal removal;
    /** Whether the keys the read's source ids name were added to what it saw (once, when the sweep begins). */
    private boolean keysOfSeenIds;

    BusinessKeyWriter(LegPlan plan, LegContext leg) {
        this.plan = plan;
        this.full = leg.full();
        this.hashes = new RecordHashes(leg.db(), leg.projectId(), plan.legKey(), plan.leg().deletes(), leg.fence());
        this.memory = new HashWriteBehind(hashes, plan.leg().sourceEntity());
        this.outcomes = new Outcomes(leg.counts(), leg.errors());
        this.calls = new TargetCalls(plan, leg.stop());
        this.removal = new Removal(plan, calls, outcomes);
    }

    @Override
    public int batchSize() {
        return plan.batchSize();
    }

    @Override
    public String refusal(EntityRecord read) {
        return null; // a record without a business key is skipped by the mapping, which names the missing field
    }

    @Override
    public String deletionOf(EntityRecord deletion) {
        String key = null;
        if (deletion.sourceId() != null) {
            memory.drain(); // the record may have been written by a batch still being stored
            key = hashes.keyOfSourceId(deletion.sourceId()).orElse(null);
        }
        if (key == null && deletion.key() != null) {
            key = mappedKey(deletion);
        }
        if (key == null) {
            outcomes.skippedAsRead(deletion, "a deletion at the source cannot be propagated: this leg never wrote that record");
        }
        return key;
    }

    private String mappedKey(EntityRecord record) {
        try {
            return plan.mapping().map(record, null) instanceof LegMapping.Mapped m && m.record().key() != null
                    ? m.record().key().asText() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public void write(String unitId, List<Pending> batch) {
        Map<String, Pending> byKey = new LinkedHashMap<>();
        for (Pending p : batch) {
            String key = p.record().key().asText();
            Pending earlier = byKey.get(key);
            if (earlier != null && collides(earlier.sourceOrganization(), p.sourceOrganization())) {
                collision(p, earlier.sourceOrganization());
                continue;
            }
            byKey.put(key, p);
        }
        Map<String, Written> known = memory.written(byKey.keySet());
        List<Pending> toWrite = new ArrayList<>();
        Map<String, Long> hashOf = new HashMap<>();
        for (Map.Entry<String, Pending> e : byKey.entrySet()) {
            Pending p = e.getValue();
            Written before = known.get(e.getKey());
            if (before != null && collides(before.sourceOrganization(), p.sourceOrganization())) {
                collision(p, before.sourceOrganization());
                continue;
            }
            // a key never written needs its hash only to be stored: the second thread makes it then
            Long hash = before == null ? null : RecordHash.digest(p.record(), unitId);
            if (!full && before != null && before.hash() == hash) {
                outcomes.unchanged();
                continue;
            }
            hashOf.put(e.getKey(), hash);
            toWrite.add(p);
        }
        if (toWrite.isEmpty()) {
            return;
        }
        OrganizationUnit unit = plan.targetUnit(unitId);
        List<EntityRecord> records = toWrite.stream().map(Pending::record).toList();
        List<WriteOutcome> answers = calls.call("writing", () -> plan.target().upsert(plan.leg().targetEntity(), unit, records));
        calls.checkCount(answers.size(), records.size());
        Map<String, HashWriteBehind.Acknowledged> acknowledged = new HashMap<>();
        for (int i = 0; i < answers.size(); i++) {
            Pending p = toWrite.get(i);
            String key = p.record().key().asText();
            if (outcomes.answered(p, key, answers.get(i))) {
                Long hash = hashOf.get(key);
                acknowledged.put(key, hash != null ? new Written(hash, p.sourceOrganization(), p.record().sourceId())
                        : new HashWriteBehind.Unhashed(p.record(), unitId, p.sourceOrganization()));
            }
        }
        memory.remember(acknowledged, List.of(), known.keySet());
    }

    @Override
    public void delete(Collection<String> keyTexts) {
        if (keyTexts.isEmpty()) {
            return;
        }
        List<String> keyFields = plan.mapping().keyFields();
        List<String> names = new ArrayList<>();
        List<EntityRecord> addressed = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        for (String text : keyTexts) {
            BusinessKey key = BusinessKey.parse(text, keyFields).orElse(null);
            if (key == null) {
                // remembered under other key fields (the leg's key changed since): it names no target record, so it
                // is reported once and forgotten
                outcomes.failed(text, null, "deletion not sent: the key '" + text + "' was written under other key"
                        + " fields than " + String.join(", ", keyFields) + "; delete that record in the target by hand");
                forgotten.add(text);
                continue;
            }
            EntityRecord.Builder b = EntityRecord.builder(plan.leg().targetEntity()).key(key);
            key.parts().forEach(b::text);
            names.add(text);
            addressed.add(b.build());
        }
        if (!addressed.isEmpty()) {
            OrganizationUnit unit = plan.targetUnit(plan.orgMapping().unit(plan.leg().targetRole()).orElse(null));
            List<WriteOutcome> answers = removal.remove(unit, names, addressed, false);
            for (int i = 0; i < answers.size(); i++) {
                if (answers.get(i).status() != WriteOutcome.Status.FAILED) {
                    forgotten.add(names.get(i));
                }
            }
        }
        memory.remember(Map.of(), forgotten, null);
    }

    @Override
    public long remembered() {
        memory.drain();
        return hashes.rememberedCount();
    }

    @Override
    public long unseenCount(ReadSeen seen) {
        settleSeen(seen);
        return hashes.unseenCount(seen);
    }

    @Override
    public List<String> unseen(ReadSeen seen, String after, int limit) {
        settleSeen(seen);
        return hashes.unseen(seen, after, limit);
    }

    /**
     * Stores what is queued (the last batch's writes and deletions), and, once, adds to what the read saw the keys its
     * source ids name: a record read but not mapped to a key (filtered out, refused) is still at the source.
     */
    private void settleSeen(ReadSeen seen) {
        memory.drain();
        if (!keysOfSeenIds) {
            hashes.keysOfSeenSourceIds(seen);
            keysOfSeenIds = true;
        }
    }

    @Override
    public void settle() {
        memory.drain();
    }

    @Override
    public void close() {
        try {
            memory.close();
        } finally {
            hashes.close();
        }
    }

    private static boolean collides(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }

    private void collision(Pending p, String other) {
        String key = p.record().key().asText();
        outcomes.failed(p, key, null, "business key collision: " + key + " comes from " + p.sourceOrganization()
                + " and from " + other + "; " + plan.leg().targetRole() + ":" + plan.leg().targetEntity()
                + " is not scoped by organization, so the key must be unique across them");
    }
}
