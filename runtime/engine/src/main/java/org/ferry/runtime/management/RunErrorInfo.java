package org.ferry.runtime.management;

import java.time.Instant;

/**
 * A record that failed or was skipped in a run, or why the run (or one of its legs) could not go on.
 *
 * @param task        the task's name, or {@code null} for the run as a whole
 * @param leg         {@code role:entity -> role:entity}, or {@code null} for the run or task as a whole
 * @param businessKey the record's business key as text, or {@code null} if it had none
 * @param field       the field at fault, or {@code null}
 * @param message     why
 * @param kind        {@code failed} or {@code skipped} for a record; {@code run} for a reason the run or leg stopped
 * @param at          when
 * @param sourceId    the id the source gave the record, where that is how it is known: a record without a
 *                    business key, or any record of a key-map leg; otherwise {@code null}
 */
public record RunErrorInfo(String task, String leg, String businessKey, String field, String message, String kind,
                           Instant at, String sourceId) {

    /** An error naming its record by business key only. */
    public RunErrorInfo(String task, String leg, String businessKey, String field, String message, String kind,
                        Instant at) {
        this(task, leg, businessKey, field, message, kind, at, null);
    }
}
