package org.ferry.admin.internal.openapi;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonAnyGetter;

/**
 * JSON Schemas for the API's Java types, the way Jackson writes them: records by their components,
 * enums as strings, dates as ISO-8601 strings. Named types go to {@code components/schemas} and are
 * referred to; the same simple name twice gets the second one qualified.
 */
final class SchemaGenerator {
    private final Map<String, Object> components = new TreeMap<>();
    private final Map<Class<?>, String> names = new LinkedHashMap<>();

    Map<String, Object> components() {
        return components;
    }

    Map<String, Object> schema(Type type) {
        if (type instanceof WildcardType w) {
            return schema(w.getUpperBounds()[0]);
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return map("type", "array", "items", schema(args[0]));
            }
            if (Map.class.isAssignableFrom(raw)) {
                return map("type", "object", "additionalProperties", schema(args[1]));
            }
            return schema(raw);
        }
        if (!(type instanceof Class<?> c)) {
            return new LinkedHashMap<>();
        }
        if (c == String.class || c == char.class || c == Character.class) {
            return map("type", "string");
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class || c == short.class) {
            return map("type", "integer", "format", c == long.class || c == Long.class ? "int64" : "int32");
        }
        if (c == double.class || c == Double.class || c == float.class || c == Float.class || c == BigDecimal.class) {
            return map("type", "number");
        }
        if (c == boolean.class || c == Boolean.class) {
            return map("type", "boolean");
        }
        if (c == Instant.class) {
            return map("type", "string", "format", "date-time");
        }
        if (c == LocalDate.class) {
            return map("type", "string", "format", "date");
        }
        if (c == Duration.class) {
            return map("type", "number", "description", "seconds");
        }
        if (c.isEnum()) {
            return map("type", "string", "enum", List.of(c.getEnumConstants()).stream().map(Object::toString).toList());
        }
        if (Collection.class.isAssignableFrom(c)) {
            return map("type", "array", "items", new LinkedHashMap<>());
        }
        if (Map.class.isAssignableFrom(c) || c == Object.class) {
            return map("type", "object");
        }
        return reference(c);
    }

    private Map<String, Object> reference(Class<?> c) {
        String name = names.get(c);
        if (name == null) {
            name = components.containsKey(c.getSimpleName()) ? c.getName().replace('$', '.') : c.getSimpleName();
            names.put(c, name);
            components.put(name, map("type", "object")); // placeholder first, for types that refer to themselves
            components.put(name, describe(c));
        }
        return map("$ref", "#/components/schemas/" + name);
    }

    private Map<String, Object> describe(Class<?> c) {
        Map<String, Object> properties = new LinkedHashMap<>();
        if (c.isRecord()) {
            for (RecordComponent rc : c.getRecordComponents()) {
                properties.put(rc.getName(), schema(rc.getGenericType()));
            }
        } else {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers()) && !Modifier.isTransient(f.getModifiers())) {
                    properties.put(f.getName(), schema(f.getGenericType()));
                }
            }
        }
        Map<String, Object> schema = map("type", "object", "properties", properties);
        boolean open = List.of(c.getMethods()).stream().anyMatch(m -> m.isAnnotationPresent(JsonAnyGetter.class));
        if (open) {
            properties.remove("parameters");
            schema.put("additionalProperties", true);
        }
        return schema;
    }

    static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
