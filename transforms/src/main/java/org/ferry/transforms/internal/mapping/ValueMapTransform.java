package org.ferry.transforms.internal.mapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.RecordException;
import org.ferry.api.transform.ParameterType;
import org.ferry.api.transform.Transform;
import org.ferry.api.transform.TransformContext;
import org.ferry.api.transform.TransformFunction;
import org.ferry.api.transform.TransformParameters;
import org.ferry.transforms.internal.support.BuiltInTransform;
import org.ferry.transforms.internal.support.TargetValues;
import org.osgi.service.component.annotations.Component;

/**
 * The Data Integrator's value map: {@code {"transformType": "ValueMap", "valueMap": {"Alabama": "AL", "": "XX"}}}.
 *
 * <p>Keys match the value's canonical text exactly first, then ignoring case and surrounding white space,
 * because the same option reads "Net30" in one system and "NET30" in another; keys that differ only in
 * case stay exact-only, so neither wins by accident. The blank key is the default for values the map does
 * not list and for no value at all. A JSON {@code null} on the right writes no value.
 */
@Component(service = Transform.class, property = Transform.TYPE + "=" + ValueMapTransform.TYPE)
public final class ValueMapTransform extends BuiltInTransform {
    static final String TYPE = "ValueMap";
    static final String VALUE_MAP = "valueMap";
    private static final int KEYS_SHOWN = 5;

    public ValueMapTransform() {
        super(TYPE, "Value map",
                "Replaces each source value by the value the map gives for it; a blank key supplies the value for "
                        + "anything the map does not list.",
                required(VALUE_MAP, "Value map", ParameterType.MAP,
                        "Source value to destination value, e.g. {\"Alabama\": \"AL\"}. Leave the left side blank to "
                                + "set a default for unlisted or empty values. Matching is exact first, then ignores case."));
    }

    @Override
    protected TransformFunction prepare(TransformParameters parameters, FieldSchema target) {
        Map<String, String> map = parameters.map(VALUE_MAP)
                .orElseThrow(() -> new ConfigurationException(VALUE_MAP, "is required"));
        if (map.isEmpty()) {
            throw new ConfigurationException(VALUE_MAP, "must map at least one value");
        }
        Map<String, Value> exact = new HashMap<>();
        Value fallback = null;
        boolean hasFallback = false;
        for (Map.Entry<String, String> e : map.entrySet()) {
            Value mapped = e.getValue() == null ? null
                    : TargetValues.forParameter(VALUE_MAP + "." + e.getKey(), e.getValue(), target);
            if (e.getKey().isBlank()) {
                if (hasFallback) {
                    throw new ConfigurationException(VALUE_MAP, "has more than one blank key; keep one default");
                }
                fallback = mapped;
                hasFallback = true;
            } else {
                exact.put(e.getKey(), mapped);
            }
        }
        return new Lookup(Collections.unmodifiableMap(exact), foldedKeys(exact), hasFallback, fallback, fieldName(target))::apply;
    }

    private static Map<String, Value> foldedKeys(Map<String, Value> exact) {
        Map<String, Value> folded = new HashMap<>();
        Set<String> ambiguous = new HashSet<>();
        exact.forEach((key, mapped) -> {
            String k = fold(key);
            if (folded.containsKey(k) || ambiguous.contains(k)) {
                folded.remove(k);
                ambiguous.add(k);
            } else {
                folded.put(k, mapped);
            }
        });
        return Collections.unmodifiableMap(folded);
    }

    private static String fold(String text) {
        return text.strip().toLowerCase(Locale.ROOT);
    }

    private record Lookup(Map<String, Value> exact, Map<String, Value> folded, boolean hasFallback, Value fallback,
                          String field) {

        Value apply(Value value, TransformContext context) {
            if (isMissing(value)) {
                return hasFallback ? fallback : null;
            }
            String text = value.asText();
            if (exact.containsKey(text)) {
                return exact.get(text);
            }
            String k = fold(text);
            if (folded.containsKey(k)) {
                return folded.get(k);
            }
            if (hasFallback) {
                return fallback;
            }
            throw new RecordException(field, "value '" + text + "' is not in the value map, which has no default "
                    + "(blank key); known values: " + knownKeys());
        }

        private String knownKeys() {
            List<String> keys = new ArrayList<>(exact.keySet());
            Collections.sort(keys);
            List<String> shown = new ArrayList<>();
            for (String k : keys.subList(0, Math.min(KEYS_SHOWN, keys.size()))) {
                shown.add("'" + k + "'");
            }
            return String.join(", ", shown) + (keys.size() > KEYS_SHOWN ? " and " + (keys.size() - KEYS_SHOWN) + " more" : "");
        }
    }
}
