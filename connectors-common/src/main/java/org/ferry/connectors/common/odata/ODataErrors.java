package org.ferry.connectors.common.odata;

import java.io.IOException;

import org.ferry.connectors.common.http.ApiResponse;
import org.ferry.connectors.common.http.Secrets;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The message of an OData error body: {@code {"error":{"code","message","innererror":{"message"}}}}.
 * F&amp;O's outer message is always "An error has occurred."; the infolog in {@code innererror.message}
 * is what tells the user what to fix, so it wins when present.
 */
public final class ODataErrors {
    private ODataErrors() {
    }

    public static String message(ApiResponse response) {
        return message(response.status(), response.bodyText());
    }

    /** @return the server's message, or a description of the status when the body holds none */
    public static String message(int status, String body) {
        if (body != null && !body.isBlank()) {
            try {
                JsonNode error = Json.MAPPER.readTree(body).path("error");
                String inner = error.path("innererror").path("message").asText("");
                if (!inner.isBlank()) {
                    return Secrets.abbreviate(inner.trim(), 2000);
                }
                String outer = error.path("message").asText("");
                if (!outer.isBlank()) {
                    return Secrets.abbreviate(outer.trim(), 2000);
                }
            } catch (IOException | RuntimeException notJson) {
                return "HTTP " + status + ": " + Secrets.abbreviate(body.strip(), 300);
            }
        }
        return "HTTP " + status;
    }

    /** @return the error code, or an empty string */
    public static String code(String body) {
        try {
            return Json.MAPPER.readTree(body).path("error").path("code").asText("");
        } catch (IOException | RuntimeException notJson) {
            return "";
        }
    }
}
