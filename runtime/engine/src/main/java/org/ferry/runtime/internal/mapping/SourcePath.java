package org.ferry.runtime.internal.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;

/**
 * Where a mapping reads its value: a field ({@code name}), a field of a related record through the
 * lookup's integration key ({@code transactioncurrencyid.isocurrencycode}), or a polymorphic lookup
 * with one key per related entity ({@code customerid.Account(accountnumber).Contact(msdynce_contactnumber)}),
 * the forms the Data Integrator's templates use.
 */
public final class SourcePath {
    private static final Pattern ALTERNATIVE = Pattern.compile("([A-Za-z_][\\w]*)\\(([^()]+)\\)");

    /** One way to read a related record's key: for records of {@code entity} (any, if null), key field {@code field}. */
    record Alternative(String entity, String field) {
    }

    private final String text;
    private final String field;
    private final List<Alternative> alternatives;

    private SourcePath(String text, String field, List<Alternative> alternatives) {
        this.text = text;
        this.field = field;
        this.alternatives = alternatives;
    }

    /** @throws IllegalArgumentException with a message naming the wrong part */
    public static SourcePath parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("a source path cannot be empty");
        }
        String trimmed = text.trim();
        int dot = trimmed.indexOf('.');
        if (dot < 0) {
            return new SourcePath(trimmed, trimmed, List.of());
        }
        String field = trimmed.substring(0, dot);
        String rest = trimmed.substring(dot + 1);
        if (field.isEmpty() || rest.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not a field path: expected lookup.Field");
        }
        List<Alternative> alternatives = new ArrayList<>();
        if (rest.contains("(")) {
            Matcher m = ALTERNATIVE.matcher(rest);
            int end = 0;
            while (m.find()) {
                if (m.start() != end && !(m.start() == end + 1 && rest.charAt(end) == '.')) {
                    throw new IllegalArgumentException("'" + text + "': cannot read '" + rest.substring(end, m.start()) + "'");
                }
                alternatives.add(new Alternative(m.group(1), m.group(2).trim()));
                end = m.end();
            }
            if (end != rest.length()) {
                throw new IllegalArgumentException("'" + text + "': cannot read '" + rest.substring(end) + "'");
            }
        } else if (rest.contains(".")) {
            throw new IllegalArgumentException("'" + text + "': only one level of lookup is supported (lookup.Field)");
        } else {
            alternatives.add(new Alternative(null, rest));
        }
        return new SourcePath(trimmed, field, List.copyOf(alternatives));
    }

    /** @return the source record's field this path starts at */
    public String field() {
        return field;
    }

    public boolean isLookup() {
        return !alternatives.isEmpty();
    }

    /**
     * @param targets the entities the lookup field may refer to, for a path that names no entity
     * @return per related entity, the field of it this path reads ({@code transactioncurrency → isocurrencycode})
     */
    public Map<String, String> relatedFields(List<String> targets) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Alternative alt : alternatives) {
            if (alt.entity() != null) {
                out.put(alt.entity(), alt.field());
            } else {
                targets.forEach(t -> out.putIfAbsent(t, alt.field()));
            }
        }
        return out;
    }

    /** @return the value at this path, or {@code null} */
    public Value read(EntityRecord record) {
        Value value = record.get(field);
        if (value == null || alternatives.isEmpty()) {
            return value;
        }
        if (!(value instanceof ReferenceValue reference)) {
            // the source gave the related record's key itself rather than a reference
            return value;
        }
        for (Alternative alt : alternatives) {
            if (alt.entity() == null || alt.entity().equalsIgnoreCase(reference.entity())) {
                if (reference.key() == null) {
                    // the related record has no key to read from: as if the lookup were empty, as before ids were read
                    return null;
                }
                String keyPart = reference.key().get(alt.field());
                if (keyPart != null) {
                    // a polymorphic path keeps which entity it read, so a polymorphic destination lookup can tell
                    return alt.entity() == null ? Value.text(keyPart)
                            : Value.reference(reference.entity(), org.ferry.api.data.BusinessKey.of(alt.field(), keyPart));
                }
                throw new RecordException(field, "lookup '" + field + "' refers to " + reference.entity() + " by "
                        + reference.key().fields() + ", which has no '" + alt.field() + "'; define '" + alt.field()
                        + "' as the integration key of " + reference.entity() + " in the connection set");
            }
        }
        throw new RecordException(field, "lookup '" + field + "' refers to a " + reference.entity()
                + ", which this path does not read (" + text + ")");
    }

    @Override
    public String toString() {
        return text;
    }
}
