package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The managed identity endpoints answer as Microsoft documents IMDS and App Service's token service. */
class ManagedIdentityEndpointTest {
    private static final String USER = "2c7e4a1d-9b3f-4e6a-8d5c-1f0e9a8b7c6d";

    private static SandboxHttp start(String... identities) throws Exception {
        return new SandboxHttp(SandboxOptions.builder().clientSecret("s").managedIdentities(identities)
                .identityHeader("header-value").build());
    }

    private static HttpResponse<String> get(SandboxHttp http, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(http.base + path));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build());
    }

    @Test
    void imdsAnswersTheSystemAssignedIdentityWithStringTypedTimes() throws Exception {
        try (SandboxHttp http = start("system", USER)) {
            String path = "metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fcontoso.crm.dynamics.com";
            HttpResponse<String> ok = get(http, path, "Metadata", "true");
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode token = http.json(ok);
            assertEquals("Bearer", token.get("token_type").asText());
            assertEquals("https://contoso.crm.dynamics.com", token.get("resource").asText());
            assertTrue(token.get("expires_in").isTextual() && token.get("expires_on").isTextual());
            assertEquals("", token.get("refresh_token").asText());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(http.sales + "accounts?$top=1"))
                    .header("Authorization", "Bearer " + token.get("access_token").asText()).build()).statusCode(),
                    "the services accept its tokens");
            assertEquals(200, get(http, path + "&client_id=" + USER, "Metadata", "true").statusCode(), "user-assigned");

            HttpResponse<String> noHeader = get(http, path);
            assertEquals(400, noHeader.statusCode());
            assertEquals("bad_request_102", http.json(noHeader).get("error").asText());
            assertEquals("Required metadata header not specified", http.json(noHeader).get("error_description").asText());
            HttpResponse<String> unknown = get(http, path + "&client_id=someone", "Metadata", "true");
            assertEquals(400, unknown.statusCode());
            assertEquals("unauthorized_client", http.json(unknown).get("error").asText());
            assertEquals(400, get(http, "metadata/identity/oauth2/token?api-version=2018-02-01", "Metadata", "true").statusCode(),
                    "resource is required");
        }
    }

    @Test
    void imdsWithoutASystemAssignedIdentityRefusesARequestNamingNone() throws Exception {
        try (SandboxHttp http = start(USER)) {
            HttpResponse<String> r = get(http, "metadata/identity/oauth2/token?api-version=2018-02-01&resource=https%3A%2F%2Fx",
                    "Metadata", "true");
            assertEquals(400, r.statusCode());
            assertEquals("unauthorized_client", http.json(r).get("error").asText());
        }
    }

    @Test
    void appServiceNeedsItsIdentityHeaderAndNamesTheIdentityUsed() throws Exception {
        try (SandboxHttp http = start("system")) {
            String path = "msi/token?api-version=2019-08-01&resource=https%3A%2F%2Fcontoso.operations.dynamics.com";
            HttpResponse<String> ok = get(http, path, "X-IDENTITY-HEADER", "header-value");
            assertEquals(200, ok.statusCode(), ok.body());
            JsonNode token = http.json(ok);
            assertEquals(SandboxOptions.SYSTEM_IDENTITY_CLIENT_ID, token.get("client_id").asText());
            assertTrue(token.get("expires_on").isTextual());
            assertFalse(token.has("expires_in"));
            assertEquals(401, get(http, path, "X-IDENTITY-HEADER", "wrong").statusCode());
            assertEquals(401, get(http, path).statusCode());
            assertFalse(get(http, path, "X-IDENTITY-HEADER", "wrong").body().contains("header-value"));
        }
    }
}
