package org.ferry.connectors.common.http;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;

import org.ferry.api.error.ConnectorException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads what token endpoints answer, Azure AD's and the managed identity endpoints' alike. */
final class TokenAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * An error body, {@code {"error": "...", "error_description": "AADSTS...: ...\r\nTrace ID: ..."}}.
     *
     * @param error       the OAuth error code, empty if none
     * @param description the description's first line (the rest is trace and correlation ids), empty if none
     */
    record Refusal(String error, String description) {
    }

    private TokenAnswers() {
    }

    static Refusal refusal(ApiResponse response) {
        try {
            JsonNode json = JSON.readTree(response.body());
            String description = json.path("error_description").asText(json.path("message").asText(""));
            return new Refusal(json.path("error").asText(""), description.lines().findFirst().orElse("").trim());
        } catch (IOException | RuntimeException notJson) {
            return new Refusal("", "");
        }
    }

    /**
     * Reads {@code access_token} and its expiry: {@code expires_in} (a number from Azure AD v2, a string from v1 and
     * IMDS), else {@code expires_on} (App Service gives only that), else an hour.
     */
    static TokenGrant.AccessToken token(ApiResponse ok, Clock clock, String endpoint) {
        JsonNode json;
        try {
            json = JSON.readTree(ok.body());
        } catch (IOException e) {
            throw new ConnectorException(endpoint + " answered with something other than JSON");
        }
        String value = json.path("access_token").asText("");
        if (value.isEmpty()) {
            throw new ConnectorException(endpoint + " answered without an access_token");
        }
        long now = clock.instant().getEpochSecond();
        long expiresOn = json.path("expires_on").asLong(0);
        long expiresAt = json.has("expires_in") ? now + json.path("expires_in").asLong(3600)
                : expiresOn > 0 ? expiresOn : now + 3600;
        return new TokenGrant.AccessToken(value, Instant.ofEpochSecond(expiresAt));
    }
}
