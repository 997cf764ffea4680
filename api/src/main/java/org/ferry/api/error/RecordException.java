package org.ferry.api.error;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One record cannot be processed: a value a transform cannot map, a value too long for its field, a
 * lookup that finds no related record. The engine keeps the record in the run's errors with its
 * business key, {@link #field()} and message, and goes on with the next record.
 */
@ProviderType
public class RecordException extends FerryException {
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the field whose value is at fault, or {@code null} if the record as a whole is
     * @param message what is wrong with the value, naming the value where that helps the user
     */
    public RecordException(String field, String message) {
        super(message, null);
        this.field = field;
    }

    public RecordException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** @return the field at fault, or {@code null} */
    public String field() {
        return field;
    }
}
