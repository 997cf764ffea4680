package org.ferry.connectors.cds.internal.store;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;

import org.ferry.api.data.BooleanValue;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.DateTimeValue;
import org.ferry.api.data.DateValue;
import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.IntegerValue;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.RecordException;
import org.ferry.connectors.cds.internal.schema.Catalogue;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;
import org.ferry.connectors.cds.internal.schema.KeyText;

/**
 * Converts between the SPI's values and what the hub's columns hold ({@code String}, {@code BigDecimal},
 * {@code Long}, {@code Boolean}, {@code LocalDate}, {@code Instant}; a reference holds the related record's key
 * text, or {@link KeyText#idReference its hub id} when written by id to a record without a key). Conversion
 * checks what the real service would refuse: text longer than the field, a value of another type, digits
 * beyond the column. Only lossless conversions are made (a whole number into a decimal field, a text into a
 * lookup); decimals keep the field's scale and are truncated to it, as the Data Integrator truncates numbers.
 */
public final class ValueCodec {
    private static final ThreadLocal<Calendar> UTC =
            ThreadLocal.withInitial(() -> Calendar.getInstance(TimeZone.getTimeZone(ZoneOffset.UTC)));

    private final Catalogue catalogue;

    public ValueCodec(Catalogue catalogue) {
        this.catalogue = catalogue;
    }

    /**
     * @return the value as stored in the field's column, or {@code null} for no value
     * @throws RecordException naming the field when the value does not fit
     */
    public Object toStored(EntityDefinition def, FieldSchema f, Value v) {
        if (v == null) {
            return null;
        }
        return switch (f.type()) {
            case TEXT -> checkLength(def, f, expect(def, f, v, TextValue.class).value());
            case REFERENCE -> referenceText(def, f, v);
            case DECIMAL -> decimal(def, f, v);
            case INTEGER -> {
                if (v instanceof DecimalValue d) {
                    try {
                        yield d.value().longValueExact();
                    } catch (ArithmeticException e) {
                        throw mismatch(def, f, v);
                    }
                }
                yield expect(def, f, v, IntegerValue.class).value();
            }
            case BOOLEAN -> expect(def, f, v, BooleanValue.class).value();
            case DATE -> checkYear(def, f, expect(def, f, v, DateValue.class).value());
            case DATE_TIME -> {
                Instant i = expect(def, f, v, DateTimeValue.class).value();
                checkYear(def, f, LocalDate.ofInstant(i, ZoneOffset.UTC));
                yield i;
            }
        };
    }

    /**
     * @return a key part's text in canonical form for the key field's type ({@code 007} becomes {@code 7} for
     *         a whole number), so that keys compare as the values do
     */
    public String canonicalKeyPart(EntityDefinition def, FieldSchema keyField, String text) {
        if (!KeyText.isBusinessKey(text)) {
            throw new RecordException(keyField.name(), "The key value of the '" + keyField.name()
                    + "' attribute of the '" + def.name() + "' entity holds U+FFFF, a Unicode noncharacter, which the hub keeps to mark records "
                    + "without a business key");
        }
        try {
            return switch (keyField.type()) {
                case INTEGER -> Long.toString(Long.parseLong(text.trim()));
                case DATE -> checkYear(def, keyField, LocalDate.parse(text.trim())).toString();
                case TEXT -> checkLength(def, keyField, text);
                default -> text;
            };
        } catch (NumberFormatException | DateTimeException e) {
            throw new RecordException(keyField.name(), "The key value '" + text + "' of the '" + keyField.name()
                    + "' attribute of the '" + def.name() + "' entity is not a valid " + keyField.type());
        }
    }

    /** @return the value of a stored column as an SPI value, or {@code null} */
    public Value toValue(EntityDefinition def, FieldSchema f, Object stored) {
        if (stored == null) {
            return null;
        }
        return switch (f.type()) {
            case TEXT -> Value.text((String) stored);
            case REFERENCE -> {
                Long id = KeyText.referencedId((String) stored);
                yield id == null ? reference(def.target(f), (String) stored)
                        : ReferenceValue.byId(catalogue.get(def.target(f)).name(), id.toString());
            }
            case DECIMAL -> Value.decimal((BigDecimal) stored);
            case INTEGER -> Value.integer((Long) stored);
            case BOOLEAN -> Value.bool((Boolean) stored);
            case DATE -> Value.date((LocalDate) stored);
            case DATE_TIME -> Value.dateTime((Instant) stored);
        };
    }

    /** @return the business key whose text is {@code keyText}, or {@code null} for a key made from hub ids */
    public BusinessKey key(String entity, String keyText) {
        return KeyText.isBusinessKey(keyText) ? reference(entity, keyText).key() : null;
    }

    /** @return a reference to a record of {@code entity} whose key text is {@code keyText} */
    public ReferenceValue reference(String entity, String keyText) {
        EntityDefinition target = catalogue.get(entity);
        List<FieldSchema> keyFields = target.keyFields();
        List<String> parts = BusinessKey.splitText(keyText, keyFields.size()).orElse(null);
        Map<String, String> key = new LinkedHashMap<>();
        for (int i = 0; i < keyFields.size(); i++) {
            key.put(keyFields.get(i).name(), parts == null ? keyText : parts.get(i));
        }
        return Value.reference(target.name(), BusinessKey.of(key));
    }

    public static boolean same(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y) == 0;
        }
        return Objects.equals(a, b);
    }

    public static void bind(PreparedStatement ps, int index, FieldSchema f, Object stored) throws SQLException {
        switch (f.type()) {
            case TEXT, REFERENCE -> ps.setString(index, (String) stored);
            case DECIMAL -> ps.setBigDecimal(index, (BigDecimal) stored);
            case INTEGER -> {
                if (stored == null) {
                    ps.setNull(index, Types.BIGINT);
                } else {
                    ps.setLong(index, (Long) stored);
                }
            }
            case BOOLEAN -> {
                if (stored == null) {
                    ps.setNull(index, Types.BOOLEAN);
                } else {
                    ps.setBoolean(index, (Boolean) stored);
                }
            }
            case DATE -> ps.setDate(index, stored == null ? null : Date.valueOf((LocalDate) stored));
            case DATE_TIME -> bindInstant(ps, index, (Instant) stored);
        }
    }

    public static void bindInstant(PreparedStatement ps, int index, Instant instant) throws SQLException {
        if (instant == null) {
            ps.setNull(index, Types.TIMESTAMP);
        } else {
            ps.setTimestamp(index, Timestamp.from(instant), UTC.get());
        }
    }

    public static Object read(ResultSet rs, int index, FieldSchema f) throws SQLException {
        return switch (f.type()) {
            case TEXT, REFERENCE -> rs.getString(index);
            case DECIMAL -> rs.getBigDecimal(index);
            case INTEGER -> {
                long v = rs.getLong(index);
                yield rs.wasNull() ? null : v;
            }
            case BOOLEAN -> {
                boolean v = rs.getBoolean(index);
                yield rs.wasNull() ? null : v;
            }
            case DATE -> {
                Date d = rs.getDate(index);
                yield d == null ? null : d.toLocalDate();
            }
            case DATE_TIME -> readInstant(rs, index);
        };
    }

    public static Instant readInstant(ResultSet rs, int index) throws SQLException {
        Timestamp t = rs.getTimestamp(index, UTC.get());
        return t == null ? null : t.toInstant();
    }

    private String referenceText(EntityDefinition def, FieldSchema f, Value v) {
        EntityDefinition target = catalogue.get(def.target(f));
        List<FieldSchema> keyFields = target.keyFields();
        List<String> parts;
        if (v instanceof ReferenceValue r) {
            if (!r.entity().equalsIgnoreCase(target.name())) {
                throw new RecordException(f.name(), "The '" + f.name() + "' attribute of the '" + def.name()
                        + "' entity refers to '" + target.name() + "' records, not to '" + r.entity() + "'");
            }
            if (r.key() == null) {
                return idReference(def, f, target, r.id());
            }
            parts = partsInKeyOrder(r.key(), keyFields);
        } else if (v instanceof TextValue t) {
            parts = BusinessKey.splitText(t.value(), keyFields.size()).orElse(null);
        } else {
            throw mismatch(def, f, v);
        }
        if (parts == null) {
            throw new RecordException(f.name(), "The '" + f.name() + "' attribute of the '" + def.name()
                    + "' entity needs a key of " + keyFields.size() + " values for '" + target.name() + "'; got '"
                    + v.asText() + "'");
        }
        List<String> canonical = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            canonical.add(canonicalKeyPart(target, keyFields.get(i), parts.get(i)));
        }
        return BusinessKey.joinText(canonical);
    }

    /** A lookup by id, stored as such; the writers check in their transaction that the record exists. */
    private static String idReference(EntityDefinition def, FieldSchema f, EntityDefinition target, String id) {
        Long parsed = KeyText.parseId(id);
        if (parsed == null) {
            throw new RecordException(f.name(), "The '" + f.name() + "' attribute of the '" + def.name()
                    + "' entity refers to " + target.name() + " by id '" + id + "', which is not a hub id (hub ids are "
                    + "whole numbers)");
        }
        String stored = KeyText.idReference(parsed);
        if (stored.length() > def.storedLength(f)) {
            throw new RecordException(f.name(), "The '" + f.name() + "' attribute of the '" + def.name()
                    + "' entity holds " + target.name() + " keys of at most " + def.storedLength(f)
                    + " characters, too few to refer to id " + id + " of a record without a key");
        }
        return stored;
    }

    /** Key parts by the target's field names when the key names them, else by position. */
    private static List<String> partsInKeyOrder(BusinessKey key, List<FieldSchema> keyFields) {
        if (key.parts().size() != keyFields.size()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (FieldSchema kf : keyFields) {
            String part = key.get(kf.name());
            if (part == null) {
                return List.copyOf(key.parts().values());
            }
            parts.add(part);
        }
        return parts;
    }

    private static BigDecimal decimal(EntityDefinition def, FieldSchema f, Value v) {
        BigDecimal d;
        if (v instanceof IntegerValue i) {
            d = BigDecimal.valueOf(i.value());
        } else {
            d = expect(def, f, v, DecimalValue.class).value();
        }
        int scale = EntityDefinition.scaleOf(f);
        BigDecimal scaled = d.setScale(scale, RoundingMode.DOWN);
        if (scaled.precision() - scaled.scale() > 31 - scale) {
            throw new RecordException(f.name(), "The value " + d.toPlainString() + " of the '" + f.name()
                    + "' attribute of the '" + def.name() + "' entity has more than " + (31 - scale)
                    + " digits before the decimal point");
        }
        return scaled;
    }

    private static String checkLength(EntityDefinition def, FieldSchema f, String text) {
        int max = def.storedLength(f);
        if (text.length() > max) {
            throw new RecordException(f.name(), "The length of the '" + f.name() + "' attribute of the '" + def.name()
                    + "' entity exceeded the maximum allowed length of '" + max + "' (the value has " + text.length()
                    + " characters)");
        }
        return text;
    }

    private static LocalDate checkYear(EntityDefinition def, FieldSchema f, LocalDate date) {
        if (date.getYear() < 1 || date.getYear() > 9999) {
            throw new RecordException(f.name(), "The '" + f.name() + "' attribute of the '" + def.name()
                    + "' entity accepts years 1 to 9999; got " + date);
        }
        return date;
    }

    private static <T extends Value> T expect(EntityDefinition def, FieldSchema f, Value v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw mismatch(def, f, v);
        }
        return type.cast(v);
    }

    private static RecordException mismatch(EntityDefinition def, FieldSchema f, Value v) {
        String shown = v.asText().length() > 50 ? v.asText().substring(0, 50) + "…" : v.asText();
        ValueType expected = f.type();
        return new RecordException(f.name(), "The '" + f.name() + "' attribute of the '" + def.name()
                + "' entity holds " + expected + " values; got " + v.type() + " '" + shown + "'");
    }
}
