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
 * @param id      the record's id in the written system (a GUID, a key in URL form), or {@code null} if the
 *                connection does not say; {@link Connection#writeById} sets it on every outcome but
 *                {@link Status#FAILED} (since 1.1)
 */
public record WriteOutcome(BusinessKey key, Status status, String field, String message, String id) {
    public WriteOutcome {
        Objects.requireNonNull(status, "status");
        if (status == Status.FAILED && (message == null || message.isBlank())) {
            throw new IllegalArgumentException("a failed outcome needs a message");
        }
    }

    /** An outcome without the record's id, as connections built against 1.0 report it. */
    public WriteOutcome(BusinessKey key, Status status, String field, String message) {
        this(key, status, field, message, null);
    }

    /** @return this outcome carrying the record's id in the written system */
    public WriteOutcome withId(String id) {
        return new WriteOutcome(key, status, field, message, id);
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
