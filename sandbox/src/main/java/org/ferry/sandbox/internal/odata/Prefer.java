package org.ferry.sandbox.internal.odata;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The preferences of a {@code Prefer} header (several headers arrive comma-joined). */
public record Prefer(Map<String, String> values) {

    public static Prefer parse(String header) {
        Map<String, String> m = new LinkedHashMap<>();
        if (header != null) {
            for (String part : header.split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String k = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String v = eq < 0 ? "" : p.substring(eq + 1).trim();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1);
                }
                m.put(k, v);
            }
        }
        return new Prefer(m);
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    public String get(String name) {
        return values.get(name);
    }

    public boolean returnRepresentation() {
        return "representation".equalsIgnoreCase(values.get("return"));
    }

    /** The requested odata.maxpagesize, or null; throws when it is not a positive number. */
    public Integer maxPageSize() throws FilterException {
        String v = values.get("odata.maxpagesize");
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FilterException("The value '" + v + "' of the odata.maxpagesize preference is not valid.");
    }
}
