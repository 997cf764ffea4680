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
import org.ferry.runtime.internal.run.LegRunner.Pending;
import org.ferry.runtime.internal.run.LegState.Written;

/**
 * Writes a leg's batches by business key: skips records whose hash says they are unchanged, refuses
 * business-key collisions between source units, upserts the rest (through {@link TargetCalls}, which
 * retries passing failures), counts each outcome, and has the hashes of what the target acknowledged stored
 * ({@link HashWriteBehind}: while the next batch is written).
 */
final class BatchWriter {
    /** The target cannot be written any more in this run. */
    static final class WriteFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        WriteFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final LegPlan plan;
    private final RunProgress.Leg counts;
    private final HashWriteBehind memory;
    private final RunErrors errors;
    private final boolean full;
    private final TargetCalls calls;

    BatchWriter(LegPlan plan, RunProgress.Leg counts, HashWriteBehind memory, RunErrors errors, RunStop stop, boolean full) {
        this.plan = plan;
        this.counts = counts;
        this.memory = memory;
        this.errors = errors;
        this.full = full;
        this.calls = new TargetCalls(plan);
    }

    int batchSize() {
        return Math.max(1, Math.min(plan.targetCaps().maxBatchSize(), 1000));
    }

    void upsert(String unitId, List<Pending> batch) {
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
        Map<String, String> hashes = new HashMap<>();
        for (Map.Entry<String, Pending> e : byKey.entrySet()) {
            Pending p = e.getValue();
            Written before = known.get(e.getKey());
            if (before != null && collides(before.sourceOrganization(), p.sourceOrganization())) {
                collision(p, before.sourceOrganization());
                continue;
            }
            // a key never written needs its hash only to be stored: the second thread makes it then
            String hash = before == null ? null : LegState.hash(p.record(), unitId);
            if (!full && before != null && before.hash().equals(hash)) {
                counts.unchanged.incrementAndGet();
                continue;
            }
            hashes.put(e.getKey(), hash);
            toWrite.add(p);
        }
        if (toWrite.isEmpty()) {
            return;
        }
        OrganizationUnit unit = plan.targetUnit(unitId);
        List<EntityRecord> records = toWrite.stream().map(Pending::record).toList();
        List<WriteOutcome> outcomes = calls.call("writing", () -> plan.target().upsert(plan.leg().targetEntity(), unit, records));
        calls.checkCount(outcomes.size(), records.size());
        Map<String, HashWriteBehind.Acknowledged> acknowledged = new HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            WriteOutcome outcome = outcomes.get(i);
            Pending p = toWrite.get(i);
            String key = p.record().key().asText();
            switch (outcome.status()) {
                case INSERTED -> counts.inserted.incrementAndGet();
                case UPDATED -> counts.updated.incrementAndGet();
                case UNCHANGED -> counts.unchanged.incrementAndGet();
                case DELETED -> counts.deleted.incrementAndGet();
                case FAILED -> {
                    counts.failed.incrementAndGet();
                    errors.failed(p, key, outcome.field(), outcome.message());
                    continue;
                }
            }
            String hash = hashes.get(key);
            acknowledged.put(key, hash != null ? new Written(hash, p.sourceOrganization(), p.record().sourceId())
                    : new HashWriteBehind.Unhashed(p.record(), unitId, p.sourceOrganization()));
        }
        memory.remember(acknowledged, List.of(), known.keySet());
    }

    void delete(Collection<String> keyTexts, List<String> keyFields) {
        if (keyTexts.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>();
        List<BusinessKey> businessKeys = new ArrayList<>();
        List<String> forgotten = new ArrayList<>();
        for (String text : keyTexts) {
            BusinessKey key = BusinessKey.parse(text, keyFields).orElse(null);
            if (key == null) {
                // remembered under other key fields (the leg's key changed since): it names no target record, so it
                // is reported once and forgotten
                counts.failed.incrementAndGet();
                errors.failed(text, null, "deletion not sent: the key '" + text + "' was written under other key fields"
                        + " than " + String.join(", ", keyFields) + "; delete that record in the target by hand");
                forgotten.add(text);
                continue;
            }
            keys.add(text);
            businessKeys.add(key);
        }
        if (keys.isEmpty()) {
            memory.remember(Map.of(), forgotten, null);
            return;
        }
        OrganizationUnit unit = plan.targetUnit(plan.orgMapping().unit(plan.leg().targetRole()).orElse(null));
        Map.Entry<String, org.ferry.api.data.Value> deactivation = plan.mapping().deactivation();
        List<WriteOutcome> outcomes;
        if (deactivation != null) {
            // the record stays downstream, marked: an ordinary write of the key and the one field
            List<EntityRecord> marked = businessKeys.stream().map(k -> {
                EntityRecord.Builder b = EntityRecord.builder(plan.leg().targetEntity()).key(k);
                k.parts().forEach(b::text);
                return b.set(deactivation.getKey(), deactivation.getValue()).build();
            }).toList();
            outcomes = calls.call("deactivating", () -> plan.target().upsert(plan.leg().targetEntity(), unit, marked));
        } else {
            outcomes = calls.call("deleting", () -> plan.target().delete(plan.leg().targetEntity(), unit, businessKeys));
        }
        for (int i = 0; i < Math.min(outcomes.size(), keys.size()); i++) {
            WriteOutcome o = outcomes.get(i);
            if (o.status() == WriteOutcome.Status.FAILED) {
                counts.failed.incrementAndGet();
                errors.failed(keys.get(i), o.field(), (deactivation != null ? "deactivation" : "deletion") + " refused: "
                        + o.message());
            } else {
                counts.deleted.incrementAndGet();
                forgotten.add(keys.get(i));
            }
        }
        memory.remember(Map.of(), forgotten, null);
    }

    private static boolean collides(String a, String b) {
        return a != null && b != null && !a.equals(b);
    }

    private void collision(Pending p, String other) {
        counts.failed.incrementAndGet();
        errors.failed(p, p.record().key().asText(), null, "business key collision: " + p.record().key().asText()
                + " comes from " + p.sourceOrganization() + " and from " + other + "; "
                + plan.leg().targetRole() + ":" + plan.leg().targetEntity()
                + " is not scoped by organization, so the key must be unique across them");
    }
}
