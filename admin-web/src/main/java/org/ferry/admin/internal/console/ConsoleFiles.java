package org.ferry.admin.internal.console;

import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;

/** Which bundle entry a console URL names, its content type, and the headers every console answer carries. */
final class ConsoleFiles {
    static final String ROOT = "console/";

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html;charset=utf-8"),
            Map.entry("js", "text/javascript;charset=utf-8"),
            Map.entry("mjs", "text/javascript;charset=utf-8"),
            Map.entry("css", "text/css;charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain;charset=utf-8"));

    private ConsoleFiles() {
    }

    /**
     * The bundle entry for a request, or {@code null} when the path is not one the console serves:
     * {@code /} is {@code index.html}; any segment that is empty, {@code .}/{@code ..}, hidden, or holds a
     * backslash or NUL is refused, so no request can climb out of {@code console/}.
     */
    static String resourcePath(String servletPath, String pathInfo) {
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        if (path.isEmpty() || path.equals("/")) {
            return ROOT + "index.html";
        }
        if (!path.startsWith("/")) {
            return null;
        }
        String relative = path.substring(1);
        for (String segment : relative.split("/", -1)) {
            if (segment.isEmpty() || segment.startsWith(".") || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
                return null;
            }
        }
        String extension = extension(relative);
        return TYPES.containsKey(extension) ? ROOT + relative : null;
    }

    static String contentType(String path) {
        return TYPES.getOrDefault(extension(path), "application/octet-stream");
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 || dot < path.lastIndexOf('/') ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The security headers of every console answer, found or not. */
    static final class Headers {
        /**
         * Only this origin's scripts, styles and API; no inline script or style attribute, no plugins, no
         * framing. Inline SVG in the page is markup, not a resource, so the run chart needs nothing more.
         */
        static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self'; font-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

        private Headers() {
        }

        static void apply(BiConsumer<String, String> header) {
            header.accept("Content-Security-Policy", CSP);
            header.accept("X-Content-Type-Options", "nosniff");
            header.accept("X-Frame-Options", "DENY");
            header.accept("Referrer-Policy", "no-referrer");
            header.accept("Cross-Origin-Opener-Policy", "same-origin");
        }
    }
}
