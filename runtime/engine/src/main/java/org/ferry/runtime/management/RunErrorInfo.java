package org.ferry.runtime.management;

import java.time.Instant;
import java.util.Map;

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
 * @param source      the record as the source gave it, field by field as text (a field whose name says it holds a
 *                    secret is masked; long values and records are cut), or {@code null} where no record is known
 * @param written     the values Ferry tried to write to the target, in the same form, or {@code null} where the record
 *                    failed before it was mapped
 * @since 1.3 (source, written)
 */
public record RunErrorInfo(String task, String leg, String businessKey, String field, String message, String kind,
                           Instant at, String sourceId, Map<String, String> source, Map<String, String> written) {

    /** An error without the record's values. */
    public RunErrorInfo(String task, String leg, String businessKey, String field, String message, String kind,
                        Instant at, String sourceId) {
        this(task, leg, businessKey, field, message, kind, at, sourceId, null, null);
    }

    /** An error naming its record by business key only. */
    public RunErrorInfo(String task, String leg, String businessKey, String field, String message, String kind,
                        Instant at) {
        this(task, leg, businessKey, field, message, kind, at, null);
    }
}
