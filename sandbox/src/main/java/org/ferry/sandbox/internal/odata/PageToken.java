package org.ferry.sandbox.internal.odata;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opaque paging state. Clients must not build or edit these, so the state is base64url-encoded
 * inside a Dataverse-style paging cookie; tampering shows up as a 400.
 */
public final class PageToken {
    private PageToken() {
    }

    public static String encode(Map<String, String> state, int pageNumber, boolean tracking) {
        StringBuilder sb = new StringBuilder();
        state.forEach((k, v) -> {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(k).append('=').append(v == null ? "" : v.replace("\\", "\\\\").replace("\n", "\\n"));
        });
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(sb.toString().getBytes(StandardCharsets.UTF_8));
        return "<cookie pagenumber=\"" + pageNumber + "\" pagingcookie=\"" + cookie + "\" istracking=\""
                + (tracking ? "True" : "False") + "\" />";
    }

    public static Map<String, String> decode(String token) throws FilterException {
        int start = token.indexOf("pagingcookie=\"");
        int end = start < 0 ? -1 : token.indexOf('"', start + 14);
        if (start < 0 || end < 0) {
            throw new FilterException("The $skiptoken value is not valid.");
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.substring(start + 14, end)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new FilterException("The $skiptoken value is not valid.");
        }
        Map<String, String> state = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new FilterException("The $skiptoken value is not valid.");
            }
            state.put(line.substring(0, eq), line.substring(eq + 1).replace("\\n", "\n").replace("\\\\", "\\"));
        }
        return state;
    }
}
