package org.ferry.api.transform;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.error.ConfigurationException;

/**
 * The parameters of one transform in a mapping's chain: the JSON object of the chain element without
 * its {@code transformType}, as plain Java values ({@code String}, {@code BigDecimal}, {@code Boolean},
 * {@code List}, {@code Map<String, ?>}, or {@code null}). Immutable.
 *
 * <p>The typed getters throw {@link ConfigurationException} naming the parameter when a value has the
 * wrong type, so a transform's {@code compile} can use them directly.
 */
public final class TransformParameters {
    private final Map<String, Object> values;

    private TransformParameters(Map<String, Object> values) {
        this.values = values;
    }

    /** @param values parameter name to JSON-like value; copied */
    public static TransformParameters of(Map<String, ?> values) {
        return new TransformParameters(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
    }

    public static TransformParameters empty() {
        return of(Map.of());
    }

    /** @return every parameter as given; unmodifiable */
    public Map<String, Object> values() {
        return values;
    }

    public boolean has(String name) {
        return values.get(name) != null;
    }

    /** @return a text parameter; numbers and booleans are given in their JSON text */
    public Optional<String> text(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof String || v instanceof Number || v instanceof Boolean) {
            return Optional.of(v instanceof BigDecimal d ? d.toPlainString() : v.toString());
        }
        throw wrongType(name, "text");
    }

    public String requireText(String name) {
        return text(name).orElseThrow(() -> new ConfigurationException(name, "is required"));
    }

    public Optional<Integer> integer(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        try {
            BigDecimal d = v instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(v.toString().trim());
            return Optional.of(d.intValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw wrongType(name, "a whole number");
        }
    }

    public Optional<Boolean> bool(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Boolean b) {
            return Optional.of(b);
        }
        if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Optional.of(Boolean.parseBoolean(s));
        }
        throw wrongType(name, "true or false");
    }

    /** @return an object parameter as string to string (values in their JSON text; JSON null as {@code null}) */
    public Optional<Map<String, String>> map(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw wrongType(name, "an object");
        }
        Map<String, String> result = new LinkedHashMap<>();
        m.forEach((k, val) -> result.put(String.valueOf(k), val == null ? null
                : val instanceof BigDecimal d ? d.toPlainString() : val.toString()));
        return Optional.of(Collections.unmodifiableMap(result));
    }

    /** @return an array parameter as strings */
    public Optional<List<String>> list(String name) {
        Object v = values.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!(v instanceof List<?> l)) {
            throw wrongType(name, "an array");
        }
        List<String> result = new ArrayList<>();
        for (Object o : l) {
            result.add(o == null ? null : o instanceof BigDecimal d ? d.toPlainString() : o.toString());
        }
        return Optional.of(Collections.unmodifiableList(result));
    }

    private static ConfigurationException wrongType(String name, String expected) {
        return new ConfigurationException(name, "must be " + expected);
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
