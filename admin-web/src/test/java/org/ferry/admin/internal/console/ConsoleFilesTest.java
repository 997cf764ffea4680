package org.ferry.admin.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConsoleFilesTest {
    @Test
    void theRootIsTheIndexPage() {
        assertEquals("console/index.html", ConsoleFiles.resourcePath("", "/"));
        assertEquals("console/index.html", ConsoleFiles.resourcePath("", null));
        assertEquals("console/index.html", ConsoleFiles.resourcePath("/", null));
    }

    @Test
    void filesMapIntoTheConsoleFolder() {
        assertEquals("console/js/main.js", ConsoleFiles.resourcePath("", "/js/main.js"));
        assertEquals("console/app.css", ConsoleFiles.resourcePath("/app.css", null));
    }

    @Test
    void nothingClimbsOutOrReachesHiddenOrUnknownFiles() {
        assertNull(ConsoleFiles.resourcePath("", "/../OSGI-INF/x.xml"));
        assertNull(ConsoleFiles.resourcePath("", "/js/../../META-INF/MANIFEST.MF"));
        assertNull(ConsoleFiles.resourcePath("", "/js//main.js"));
        assertNull(ConsoleFiles.resourcePath("", "/.hidden.js"));
        assertNull(ConsoleFiles.resourcePath("", "/js\\main.js"));
        assertNull(ConsoleFiles.resourcePath("", "/org/ferry/admin/internal/console/ConsoleServlet.class"));
        assertNull(ConsoleFiles.resourcePath("", "/js/"));
    }

    @Test
    void contentTypesAreExplicit() {
        assertEquals("text/javascript;charset=utf-8", ConsoleFiles.contentType("console/js/api.js"));
        assertEquals("text/css;charset=utf-8", ConsoleFiles.contentType("console/app.css"));
        assertEquals("text/html;charset=utf-8", ConsoleFiles.contentType("console/index.html"));
        assertEquals("image/svg+xml", ConsoleFiles.contentType("console/logo.svg"));
    }

    @Test
    void securityHeadersForbidInlineScriptsAndFraming() {
        Map<String, String> headers = new HashMap<>();
        ConsoleFiles.Headers.apply(headers::put);
        String csp = headers.get("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertEquals("nosniff", headers.get("X-Content-Type-Options"));
        assertEquals("DENY", headers.get("X-Frame-Options"));
    }
}
