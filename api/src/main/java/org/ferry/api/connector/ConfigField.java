package org.ferry.api.connector;

import java.util.List;
import java.util.Objects;

/**
 * A field of a connector type's configuration form. The admin API and console build their forms from
 * these; the engine checks {@link #required()} and the type before calling
 * {@link ConnectorFactory#validate(ConnectorConfig)}.
 *
 * @param name         the key in the configuration map ({@code baseUrl}); letters and digits
 * @param label        what the form shows
 * @param type         how it is entered and checked
 * @param required     whether a connection cannot be saved without it
 * @param defaultValue the value used when none is given, or {@code null}
 * @param secret       whether the value is write-only: encrypted at rest, masked in every response,
 *                     never logged. Always {@code true} for {@link ConfigFieldType#PASSWORD}.
 * @param description  help text, or {@code null}
 * @param options      the allowed values of a {@link ConfigFieldType#CHOICE}; empty otherwise
 */
public record ConfigField(String name, String label, ConfigFieldType type, boolean required, String defaultValue,
                          boolean secret, String description, List<String> options) {
    public ConfigField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        label = label == null ? name : label;
        secret = secret || type == ConfigFieldType.PASSWORD;
        options = options == null ? List.of() : List.copyOf(options);
    }

    public static ConfigField required(String name, String label, ConfigFieldType type, String description) {
        return new ConfigField(name, label, type, true, null, false, description, List.of());
    }

    public static ConfigField optional(String name, String label, ConfigFieldType type, String defaultValue,
                                       String description) {
        return new ConfigField(name, label, type, false, defaultValue, false, description, List.of());
    }

    public static ConfigField secret(String name, String label, String description) {
        return new ConfigField(name, label, ConfigFieldType.PASSWORD, true, null, true, description, List.of());
    }
}
