package org.ferry.connectors.common.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.FieldProblem;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The OAuth2 client-credentials grant at an Azure AD token endpoint (v2 shape: {@code scope=<resource>/.default}),
 * the client proving itself with a secret or a certificate ({@link ClientProof}).
 *
 * <p>Refusals are shown against the fields at fault, with the AADSTS code Azure AD gave: a wrong or expired secret
 * against the secret, a refused assertion (AADSTS700027 signature, 700024 time range, 700023 audience, 700021
 * application) against the certificate, an unknown application against the client id, an unknown tenant against
 * the tenant, an unknown resource against the scope.
 */
public final class ClientCredentialsGrant implements TokenGrant {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");

    private final URI tokenUrl;
    private final String clientId;
    private final String scope;
    private final ClientProof proof;
    private final Clock clock;

    public ClientCredentialsGrant(URI tokenUrl, String clientId, String scope, ClientProof proof, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.scope = scope;
        this.proof = proof;
        this.clock = clock;
    }

    @Override
    public ApiRequest request() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.putAll(proof.form(tokenUrl, clientId));
        form.put("scope", scope);
        StringBuilder body = new StringBuilder();
        form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        // a token request may be sent twice: the worst outcome is a second token
        return new ApiRequest("POST", tokenUrl, Map.of("Content-Type", "application/x-www-form-urlencoded",
                "Accept", "application/json"), body.toString().getBytes(StandardCharsets.UTF_8), true);
    }

    @Override
    public AccessToken read(ApiResponse ok) {
        return readJson(ok, clock, endpoint());
    }

    /** Reads {@code access_token} and {@code expires_in} (a number in v2, a string in v1 and from managed identities). */
    static AccessToken readJson(ApiResponse ok, Clock clock, String endpoint) {
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
        return new AccessToken(value, java.time.Instant.ofEpochSecond(expiresAt));
    }

    @Override
    public RuntimeException refused(ApiResponse response) {
        String error = "";
        String description = "";
        try {
            JsonNode json = JSON.readTree(response.body());
            error = json.path("error").asText("");
            description = json.path("error_description").asText("");
        } catch (IOException | RuntimeException notJson) {
            // no detail to add; the status says enough
        }
        // the first line only: the rest is trace and correlation ids
        String firstLine = description.lines().findFirst().orElse("").trim();
        String detail = Secrets.abbreviate(proof.scrub(firstLine.isEmpty() ? error : firstLine), 300);
        String message = endpoint() + " refused the credentials (HTTP " + response.status()
                + (detail.isEmpty() ? "" : ", " + detail) + ")";
        Matcher m = AADSTS.matcher(firstLine);
        String code = m.find() ? m.group(1) : "";
        List<FieldProblem> problems = new ArrayList<>();
        switch (code) {
            case "7000215", "7000222", "700027", "700024", "700023", "50012", "700030", "50027", "50048" ->
                    problems.add(new FieldProblem(proof.field(), message));
            case "700016", "700021", "700011", "70001" -> {
                problems.add(new FieldProblem(ServiceConfig.CLIENT_ID, message));
                problems.add(new FieldProblem(ServiceConfig.TENANT, "check that the application is registered in this tenant"));
            }
            case "90002", "90013" -> problems.add(new FieldProblem(ServiceConfig.TENANT, message));
            case "1002012", "70011", "500011", "50001" -> problems.add(new FieldProblem(ServiceConfig.SCOPE, message));
            default -> {
                if (error.equals("invalid_client") || error.equals("unauthorized_client") || response.status() == 401) {
                    problems.add(new FieldProblem(proof.field(), message));
                    problems.add(new FieldProblem(ServiceConfig.CLIENT_ID, "check the client id and its credential together"));
                } else if (error.equals("invalid_scope")) {
                    problems.add(new FieldProblem(ServiceConfig.SCOPE, message));
                } else if (response.status() == 404) {
                    problems.add(new FieldProblem(ServiceConfig.TOKEN_URL, "no token endpoint at this address (HTTP 404)"));
                }
            }
        }
        return problems.isEmpty() ? new ConnectorException(message) : new ConfigurationException(problems);
    }

    @Override
    public String endpoint() {
        return "the token endpoint " + tokenUrl.getHost();
    }

    @Override
    public String toString() {
        return "ClientCredentialsGrant[" + tokenUrl.getHost() + ", client " + clientId + ", " + proof + "]";
    }
}
