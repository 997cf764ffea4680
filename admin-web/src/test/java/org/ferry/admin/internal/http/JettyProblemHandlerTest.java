package org.ferry.admin.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What Jetty answers itself, in the API's problem shape: an ambiguous path names the field {@code path}. */
class JettyProblemHandlerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void anAmbiguousPathIsA400NamingThePath() throws Exception {
        JsonNode problem = JSON.readTree(new String(JettyProblemHandler.body(400, "Ambiguous URI empty segment"),
                StandardCharsets.UTF_8));

        assertEquals(400, problem.path("status").asInt());
        assertEquals("Bad Request", problem.path("title").asText());
        assertEquals("path", problem.path("errors").path(0).path("field").asText());
        assertTrue(problem.path("detail").asText().contains("empty segment"), problem.toString());
    }

    @Test
    void otherErrorsKeepJettysWordsOrTheReasonPhrase() throws Exception {
        JsonNode tooLarge = JSON.readTree(JettyProblemHandler.body(431, null));
        assertEquals("Request Header Fields Too Large", tooLarge.path("detail").asText());
        assertEquals(0, tooLarge.path("errors").size());
        JsonNode missing = JSON.readTree(JettyProblemHandler.body(404, "Not Found"));
        assertEquals("no resource at this path", missing.path("detail").asText(), "as the API's own 404 says");
        JsonNode method = JSON.readTree(JettyProblemHandler.body(405, "HTTP method PATCH is not supported by this URL"));
        assertEquals("HTTP method PATCH is not supported by this URL", method.path("detail").asText());
    }
}
