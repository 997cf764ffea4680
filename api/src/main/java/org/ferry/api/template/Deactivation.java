package org.ferry.api.template;

import java.util.Objects;

/**
 * How a leg marks downstream a record deleted at the source when the target should keep it: the field is
 * set to the value (Dataverse {@code statecode} = {@code 1}, say) instead of the record being deleted.
 *
 * @param field the target field to set
 * @param value its value as text, converted to the field's type
 * @since 1.1
 */
public record Deactivation(String field, String value) {
    public Deactivation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(value, "value");
    }
}
