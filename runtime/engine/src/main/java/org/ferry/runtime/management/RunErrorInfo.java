package org.ferry.runtime.management;

import java.time.Instant;

/**
 * A record that failed or was skipped in a run.
 *
 * @param task        the task's name
 * @param leg         {@code role:entity -> role:entity}
 * @param businessKey the record's business key as text, or {@code null} if it had none
 * @param field       the field at fault, or {@code null}
 * @param message     why
 * @param kind        {@code failed} or {@code skipped}
 * @param at          when
 */
public record RunErrorInfo(String task, String leg, String businessKey, String field, String message, String kind,
                           Instant at) {
}
