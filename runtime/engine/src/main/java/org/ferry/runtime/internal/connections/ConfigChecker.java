package org.ferry.runtime.internal.connections;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.ConnectionInfo;

/**
 * Checks a connection's configuration against its connector type's fields before the connector sees
 * it: unknown keys, required values, types, the URL policy; then asks the connector's own
 * {@link ConnectorFactory#validate}. Every message names its field as {@code config.<name>} and never
 * repeats a value, since the value may be a secret typed into the wrong field.
 */
final class ConfigChecker {
    static final int MAX_VALUE = 4000;
    /** Sealed, a secret of this many UTF-8 bytes still fits {@code connection_secrets.sealed}. */
    static final int MAX_SECRET_BYTES = 8000;

    private final UrlPolicy urls;

    ConfigChecker(UrlPolicy urls) {
        this.urls = urls;
    }

    /**
     * The outcome of a check.
     *
     * @param plain      the non-secret values to store
     * @param newSecrets secret values given in this request, to seal and store
     * @param kept       secret fields whose stored value stays
     * @param effective  the configuration a connection would be opened with: defaults applied, kept secrets decrypted
     */
    record Checked(Map<String, String> plain, Map<String, String> newSecrets, Set<String> kept,
                   Map<String, String> effective) {
    }

    /**
     * @param given       the configuration sent
     * @param storedPlain the stored secret fields, decrypted on demand (empty map for a new connection);
     *                    may throw {@link ConfigurationException} when a secret cannot be decrypted
     * @param storedKeys  the secret fields stored now
     */
    Checked check(ConnectorFactory factory, Map<String, String> given, Set<String> storedKeys,
                  Function<String, String> storedPlain, Problems problems) {
        List<ConfigField> fields = factory.configFields();
        Map<String, ConfigField> byName = new LinkedHashMap<>();
        fields.forEach(f -> byName.put(f.name(), f));
        for (String key : new TreeSet<>(given.keySet())) {
            if (!byName.containsKey(key)) {
                problems.add("config." + clip(key), "is not a configuration field of connector type '"
                        + factory.type() + "'");
            }
        }
        Map<String, String> plain = new TreeMap<>();
        Map<String, String> newSecrets = new TreeMap<>();
        Set<String> kept = new TreeSet<>();
        Map<String, String> effective = new LinkedHashMap<>();
        int before = problems.list().size();
        for (ConfigField field : fields) {
            String path = "config." + field.name();
            String value = given.get(field.name());
            if (field.secret() && (value == null || value.equals(ConnectionInfo.MASK))
                    && storedKeys.contains(field.name())) {
                kept.add(field.name());
                try {
                    effective.put(field.name(), storedPlain.apply(field.name()));
                } catch (ConfigurationException e) {
                    problems.addAll(e.problems());
                }
                continue;
            }
            if (field.secret() && ConnectionInfo.MASK.equals(value)) {
                value = null; // nothing stored to keep: the mask stands for no value
            }
            if (value == null || value.isBlank()) {
                if (field.required() && field.defaultValue() == null) {
                    problems.add(path, "is required");
                } else if (field.defaultValue() != null) {
                    effective.put(field.name(), field.defaultValue());
                }
                continue;
            }
            Optional<String> wrong = typeProblem(field, value);
            if (wrong.isPresent()) {
                problems.add(path, wrong.get());
                continue;
            }
            if (field.secret()) {
                newSecrets.put(field.name(), value);
            } else {
                plain.put(field.name(), value);
            }
            effective.put(field.name(), value);
        }
        if (problems.list().size() == before && !hasUnknownKeys(given, byName)) {
            problems.addAll(connectorProblems(factory, ConnectorConfig.of(effective)));
        }
        return new Checked(plain, newSecrets, kept, effective);
    }

    private Optional<String> typeProblem(ConfigField field, String value) {
        if (field.secret()) {
            if (value.getBytes(StandardCharsets.UTF_8).length > MAX_SECRET_BYTES) {
                return Optional.of("must be at most " + MAX_SECRET_BYTES + " bytes");
            }
        } else if (value.length() > MAX_VALUE) {
            return Optional.of("must be at most " + MAX_VALUE + " characters");
        }
        return switch (field.type()) {
            case URL -> urls.checkUrl(value);
            case INTEGER -> wholeNumber(value) ? Optional.empty() : Optional.of("must be a whole number");
            case BOOLEAN -> {
                String v = value.trim().toLowerCase(Locale.ROOT);
                yield v.equals("true") || v.equals("false") ? Optional.empty() : Optional.of("must be true or false");
            }
            case CHOICE -> field.options().contains(value) ? Optional.empty()
                    : Optional.of("must be one of: " + String.join(", ", field.options()));
            case TEXT -> urls.checkText(value);
            // a password is opaque: any characters, checked only for size
            case PASSWORD -> Optional.empty();
        };
    }

    private static boolean wholeNumber(String value) {
        try {
            Long.parseLong(value.trim());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The connector's own checks; a connector that throws instead of answering is reported, not propagated. */
    private static List<FieldProblem> connectorProblems(ConnectorFactory factory, ConnectorConfig config) {
        List<FieldProblem> found;
        try {
            found = factory.validate(config);
        } catch (ConfigurationException e) {
            found = e.problems();
        } catch (RuntimeException e) {
            // the exception's message is not shown: a careless connector might have put a value in it
            return List.of(new FieldProblem("config", "connector type '" + factory.type()
                    + "' could not check the configuration (" + e.getClass().getSimpleName() + ")"));
        }
        if (found == null) {
            return List.of();
        }
        return found.stream().map(p -> new FieldProblem(p.field() == null ? "config"
                : p.field().startsWith("config.") ? p.field() : "config." + p.field(), p.message())).toList();
    }

    private static boolean hasUnknownKeys(Map<String, String> given, Map<String, ConfigField> fields) {
        return given.keySet().stream().anyMatch(k -> !fields.containsKey(k));
    }

    private static String clip(String key) {
        return key.length() <= 100 ? key : key.substring(0, 100) + "…";
    }
}
