package org.ferry.runtime.internal.run;

import org.ferry.api.connector.WriteOutcome;

/**
 * What became of a leg's records: each target answer counted, each refusal kept among the run's errors with the
 * record's name (its business key, or its source id on a key-map leg) and the target's reason.
 */
final class Outcomes {
    private final RunProgress.Leg counts;
    private final RunErrors errors;

    Outcomes(RunProgress.Leg counts, RunErrors errors) {
        this.counts = counts;
        this.errors = errors;
    }

    /**
     * Counts the target's answer for one record.
     *
     * @return whether the target took it (anything but a refusal)
     */
    boolean answered(String name, WriteOutcome outcome) {
        return answered(null, name, outcome);
    }

    /**
     * Counts the target's answer for one record sent.
     *
     * @param sent the record as sent, kept with a refusal (the record as read and the values written); may be null
     * @return whether the target took it (anything but a refusal)
     */
    boolean answered(Pending sent, String name, WriteOutcome outcome) {
        switch (outcome.status()) {
            case INSERTED -> counts.inserted.incrementAndGet();
            case UPDATED -> counts.updated.incrementAndGet();
            case UNCHANGED -> counts.unchanged.incrementAndGet();
            case DELETED -> counts.deleted.incrementAndGet();
            case FAILED -> {
                failed(sent, name, outcome.field(), outcome.message());
                return false;
            }
        }
        return true;
    }

    /** A record the leg did not send: its hash says it is as last written. */
    void unchanged() {
        counts.unchanged.incrementAndGet();
    }

    void deleted() {
        counts.deleted.incrementAndGet();
    }

    void failed(String name, String field, String message) {
        failed(null, name, field, message);
    }

    /** @param sent the mapped record refused, kept with its error for triage; {@code null} for a bare key */
    void failed(Pending sent, String name, String field, String message) {
        counts.failed.incrementAndGet();
        if (sent == null) {
            errors.failed(name, field, message);
        } else {
            errors.failed(sent, name, field, message);
        }
    }

    void skipped(String name, String message) {
        counts.skipped.incrementAndGet();
        errors.skipped(name, null, message);
    }

    /** A record skipped as the source gave it: named by its business key, or by its source id where it has none. */
    void skippedAsRead(org.ferry.api.data.EntityRecord record, String message) {
        counts.skipped.incrementAndGet();
        errors.skippedAsRead(record, null, message);
    }
}
