package org.ferry.runtime.internal.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.Value;
import org.ferry.api.organization.OrganizationUnit;

/**
 * Takes records out of a leg's target once the source lost them: deleted, or, where the leg deactivates, marked
 * through an ordinary write of the one field. Both kinds of leg remove through here; they differ only in how a
 * record is addressed (by business key, or by the target's id).
 */
final class Removal {
    private final LegPlan plan;
    private final TargetCalls calls;
    private final Outcomes outcomes;

    Removal(LegPlan plan, TargetCalls calls, Outcomes outcomes) {
        this.plan = plan;
        this.calls = calls;
        this.outcomes = outcomes;
    }

    /**
     * Removes the records, counts each as deleted or failed (with its name and the target's reason).
     *
     * @param names     how each record is named in the run's errors
     * @param addressed each record as the target knows it: its key, or its id as source id (with {@code byId})
     * @return the target's answer per record; the ones not FAILED are gone downstream
     */
    List<WriteOutcome> remove(OrganizationUnit unit, List<String> names, List<EntityRecord> addressed, boolean byId) {
        String entity = plan.leg().targetEntity();
        Map.Entry<String, Value> deactivation = plan.mapping().deactivation();
        List<WriteOutcome> answers;
        if (deactivation != null) {
            // the record stays downstream, marked: an ordinary write of its address and the one field
            List<EntityRecord> marked = addressed.stream()
                    .map(r -> r.toBuilder().set(deactivation.getKey(), deactivation.getValue()).build()).toList();
            answers = calls.call("deactivating", () -> byId ? plan.target().writeById(entity, unit, marked)
                    : plan.target().upsert(entity, unit, marked));
        } else if (byId) {
            List<String> ids = addressed.stream().map(EntityRecord::sourceId).toList();
            answers = calls.call("deleting", () -> plan.target().deleteById(entity, unit, ids));
        } else {
            List<org.ferry.api.data.BusinessKey> keys = addressed.stream().map(EntityRecord::key).toList();
            answers = calls.call("deleting", () -> plan.target().delete(entity, unit, keys));
        }
        calls.checkCount(answers.size(), addressed.size());
        List<WriteOutcome> result = new ArrayList<>(answers.size());
        for (int i = 0; i < answers.size(); i++) {
            WriteOutcome o = answers.get(i);
            if (o.status() == WriteOutcome.Status.FAILED) {
                outcomes.failed(names.get(i), o.field(), (deactivation != null ? "deactivation" : "deletion")
                        + " refused: " + o.message());
            } else {
                outcomes.deleted();
            }
            result.add(o);
        }
        return result;
    }
}
