package org.ferry.connectors.cds.internal.write;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;
import org.ferry.connectors.cds.internal.store.ValueCodec;

/**
 * Turns an incoming record into stored values, refusing what the hub cannot take. Done before any SQL runs,
 * so one bad record never costs the batch its single transaction.
 *
 * <p>The business key comes from the record's key fields among its values, else from its
 * {@link EntityRecord#key()} (by field name, or by position when the key names other fields, as a key taken
 * from the source system does). The organization comes from the write's scope; the record's own
 * organization field is not written, so a project's organization mapping decides where records land.
 *
 * <p>A write by id takes the same path with the key optional: key fields the record carries are checked and
 * written like any other, and the writer decides the row's {@code _key} once it knows the stored row.
 */
final class RecordConverter {
    private final EntityDefinition def;
    private final ValueCodec codec;

    RecordConverter(EntityDefinition def, ValueCodec codec) {
        this.def = def;
        this.codec = codec;
    }

    /** @throws RecordException naming the field at fault, a key field when the key is incomplete */
    PreparedRecord convert(int index, EntityRecord record, String organization) {
        return convert(index, record, organization, true, null);
    }

    /**
     * @param id the hub id the record addresses, or {@code null} to create a record
     * @throws RecordException naming the field at fault
     */
    PreparedRecord convertById(int index, EntityRecord record, String organization, Long id) {
        return convert(index, record, organization, false, id);
    }

    private PreparedRecord convert(int index, EntityRecord record, String organization, boolean keyed, Long id) {
        Map<String, Object> provided = new LinkedHashMap<>();
        for (Map.Entry<String, Value> e : record.values().entrySet()) {
            FieldSchema f = def.field(e.getKey());
            if (f == null) {
                throw new RecordException(e.getKey(), "The '" + def.name() + "' entity has no attribute '"
                        + e.getKey() + "'");
            }
            if (f == def.organizationField() || f.readOnly()) {
                continue;
            }
            provided.put(f.name(), codec.toStored(def, f, e.getValue()));
        }
        List<FieldSchema> keyFields = def.keyFields();
        List<String> parts = new ArrayList<>(keyFields.size());
        Map<String, String> named = new LinkedHashMap<>();
        boolean complete = true;
        for (int i = 0; i < keyFields.size(); i++) {
            FieldSchema kf = keyFields.get(i);
            String fromValues = provided.get(kf.name()) == null ? null : canonical(provided.get(kf.name()));
            if (fromValues != null && kf.type() == ValueType.TEXT) {
                fromValues = codec.canonicalKeyPart(def, kf, fromValues);
            }
            String fromKey = keyPart(record.key(), kf, i);
            if (fromKey != null) {
                fromKey = codec.canonicalKeyPart(def, kf, fromKey);
            }
            if (fromValues != null && fromKey != null && !fromValues.equals(fromKey)) {
                throw new RecordException(kf.name(), "The record's key says " + kf.name() + " = '" + fromKey
                        + "' but its value is '" + fromValues + "'");
            }
            String part = fromValues != null ? fromValues : fromKey;
            if (part == null && keyed) {
                throw new RecordException(kf.name(), "The record has no value for '" + kf.name()
                        + "', part of the business key of '" + def.name() + "'");
            }
            if (part == null || !KeyText.isBusinessKey(part)) {
                if (keyed) {
                    throw new RecordException(kf.name(), "The '" + kf.name() + "' attribute is part of the business "
                            + "key of '" + def.name() + "' and refers to a record by id; writing by business key "
                            + "needs the related record's key");
                }
                complete = false;
                continue;
            }
            parts.add(part);
            named.put(kf.name(), part);
            provided.put(kf.name(), stored(kf, part));
        }
        BusinessKey reported = record.key() != null ? record.key() : complete ? BusinessKey.of(named) : null;
        return new PreparedRecord(index, reported, organization, complete ? BusinessKey.joinText(parts) : null, provided, id);
    }

    /**
     * @return the canonical key text of a key given on its own (a delete)
     * @throws RecordException if a key field is missing or malformed
     */
    String keyText(BusinessKey key) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < def.keyFields().size(); i++) {
            FieldSchema kf = def.keyFields().get(i);
            String part = keyPart(key, kf, i);
            if (part == null) {
                throw new RecordException(kf.name(), "The key has no value for '" + kf.name()
                        + "', part of the business key of '" + def.name() + "'");
            }
            parts.add(codec.canonicalKeyPart(def, kf, part));
        }
        return BusinessKey.joinText(parts);
    }

    private String keyPart(BusinessKey key, FieldSchema kf, int position) {
        if (key == null) {
            return null;
        }
        for (String name : key.fields()) {
            if (name.equalsIgnoreCase(kf.name())) {
                return key.get(name);
            }
        }
        boolean namesNoKeyField = key.fields().stream()
                .noneMatch(n -> def.keyFields().stream().anyMatch(k -> k.name().equalsIgnoreCase(n)));
        if (namesNoKeyField && key.parts().size() == def.keyFields().size()) {
            return new ArrayList<>(key.parts().values()).get(position);
        }
        return null;
    }

    private static String canonical(Object stored) {
        return stored.toString();
    }

    private static Object stored(FieldSchema kf, String canonical) {
        return switch (kf.type()) {
            case INTEGER -> Long.parseLong(canonical);
            case DATE -> LocalDate.parse(canonical);
            default -> canonical;
        };
    }
}
