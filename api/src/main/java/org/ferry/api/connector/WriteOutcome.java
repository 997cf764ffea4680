package org.ferry.api.connector;

import java.util.Objects;

import org.ferry.api.data.BusinessKey;

/**
 * What happened to one record of a write batch. A connection returns one outcome per record, in the
 * order of the batch.
 *
 * @param key     the record's business key
 * @param status  what happened
 * @param field   for {@link Status#FAILED}, the field at fault, or {@code null}
 * @param message for {@link Status#FAILED}, the reason in the system's words (its error message); else {@code null}
 */
public record WriteOutcome(BusinessKey key, Status status, String field, String message) {
    public WriteOutcome {
        Objects.requireNonNull(status, "status");
        if (status == Status.FAILED && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("a failed outcome needs a message");
        }
    }

    public static WriteOutcome inserted(BusinessKey key) {
        return new WriteOutcome(key, Status.INSERTED, null, null);
    }

    public static WriteOutcome updated(BusinessKey key) {
        return new WriteOutcome(key, Status.UPDATED, null, null);
    }

    public static WriteOutcome unchanged(BusinessKey key) {
        return new WriteOutcome(key, Status.UNCHANGED, null, null);
    }

    public static WriteOutcome deleted(BusinessKey key) {
        return new WriteOutcome(key, Status.DELETED, null, null);
    }

    public static WriteOutcome failed(BusinessKey key, String field, String message) {
        return new WriteOutcome(key, Status.FAILED, field, message);
    }

    /** What happened to a record. */
    public enum Status {
        /** It did not exist and was created. */
        INSERTED,
        /** It existed and was changed. Systems that cannot tell insert from update report this. */
        UPDATED,
        /** It existed with the same values; nothing was written. */
        UNCHANGED,
        /** It was deleted (or was already gone). */
        DELETED,
        /** It was refused; {@link WriteOutcome#message()} says why. Other records of the batch are unaffected. */
        FAILED
    }
}
