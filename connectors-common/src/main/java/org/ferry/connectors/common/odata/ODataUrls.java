package org.ferry.connectors.common.odata;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** Builds OData URLs: key predicates and query strings, quoted and encoded per the OData ABNF. */
public final class ODataUrls {
    private ODataUrls() {
    }

    /** @return {@code 'O''Bryan'}: a string literal with quotes doubled */
    public static String stringLiteral(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /**
     * A key predicate, {@code (dataAreaId='usmf',CustomerAccount='US-001')}, ready for a URL path.
     *
     * @param parts      key field to literal (already formatted by {@link #literal})
     */
    public static String keyPredicate(Map<String, String> parts) {
        StringJoiner j = new StringJoiner(",", "(", ")");
        parts.forEach((name, literal) -> j.add(name + "=" + encodePath(literal)));
        return j.toString();
    }

    /**
     * Formats a key value as a literal of its Edm type: numbers, booleans and GUIDs bare, strings quoted.
     */
    public static String literal(String value, String edmType) {
        if (edmType == null) {
            return stringLiteral(value);
        }
        return switch (edmType) {
            case "Edm.Int16", "Edm.Int32", "Edm.Int64", "Edm.Byte", "Edm.SByte", "Edm.Decimal", "Edm.Double",
                 "Edm.Single", "Edm.Boolean", "Edm.Guid", "Edm.Date", "Edm.DateTimeOffset" -> value;
            default -> edmType.startsWith("Edm.") ? stringLiteral(value) : edmType + stringLiteral(value);
        };
    }

    /**
     * Percent-encodes a key literal for a path segment, keeping the quote and the characters OData's
     * syntax needs readable; everything else outside the unreserved set is encoded.
     */
    public static String encodePath(String literal) {
        StringBuilder out = new StringBuilder();
        for (byte b : literal.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '\'') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** @return the query string for these options, each value encoded (spaces as %20, never '+') */
    public static String query(List<Map.Entry<String, String>> options) {
        StringJoiner j = new StringJoiner("&");
        for (Map.Entry<String, String> o : options) {
            j.add(o.getKey() + "=" + URLEncoder.encode(o.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return j.toString();
    }

    /** @return {@code root + path [+ "?" + query]} */
    public static URI uri(String root, String path, List<Map.Entry<String, String>> options) {
        String q = options.isEmpty() ? "" : "?" + query(options);
        return URI.create(root + path + q);
    }

    /** Next and delta links may be relative to the request; they are used as given otherwise. */
    public static URI link(URI base, String link) {
        return base.resolve(link);
    }
}
