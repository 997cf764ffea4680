package org.ferry.api.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.error.ConfigurationException;

/**
 * A connection's configuration as the connector receives it: field name to value, with defaults of
 * the connector type's {@link ConfigField}s applied and secrets decrypted. Immutable.
 *
 * <p>Connectors must never log this object's values nor put secret values in exception messages.
 * {@link #toString()} masks every value.
 */
public final class ConnectorConfig {
    private final Map<String, String> values;

    private ConnectorConfig(Map<String, String> values) {
        this.values = values;
    }

    public static ConnectorConfig of(Map<String, String> values) {
        Map<String, String> copy = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return new ConnectorConfig(Collections.unmodifiableMap(copy));
    }

    /** @return all values; unmodifiable */
    public Map<String, String> values() {
        return values;
    }

    /** @return the value, if set and not blank */
    public Optional<String> get(String name) {
        String v = values.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }

    /** @throws ConfigurationException naming the field if it is missing */
    public String require(String name) {
        return get(name).orElseThrow(() -> new ConfigurationException(name, "is required"));
    }

    /** @throws ConfigurationException naming the field if it is set but not a whole number */
    public int integer(String name, int defaultValue) {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(name, "must be a whole number");
        }
    }

    public boolean bool(String name, boolean defaultValue) {
        return get(name).map(v -> Boolean.parseBoolean(v.trim())).orElse(defaultValue);
    }

    @Override
    public String toString() {
        return "ConnectorConfig" + values.keySet();
    }
}
