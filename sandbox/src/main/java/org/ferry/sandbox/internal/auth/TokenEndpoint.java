package org.ferry.sandbox.internal.auth;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;

/**
 * The Azure AD client-credentials endpoint ({@code /login/{tenant}/oauth2/v2.0/token}, and the v1
 * {@code /oauth2/token} form with {@code resource}): form fields client_id, grant_type=client_credentials,
 * a {@code <resource>/.default} scope, and either client_secret or a client assertion signed with the key of
 * the certificate registered by option ({@link ClientAssertions}). Errors use AAD's
 * {@code error}/{@code error_description} body.
 */
public final class TokenEndpoint {
    private final java.util.Map<String, byte[]> secrets = new java.util.LinkedHashMap<>();
    private final TokenIssuer issuer;
    private final ClientAssertions assertions;

    /**
     * @param clientSecrets  the registered applications (client id to secret)
     * @param certificatePem the certificate registered for every application (one certificate may be uploaded to several
     *                       app registrations), or {@code null} for none
     */
    public TokenEndpoint(java.util.Map<String, String> clientSecrets, String certificatePem, TokenIssuer issuer, Clock clock) {
        clientSecrets.forEach((id, secret) -> secrets.put(id, secret.getBytes(StandardCharsets.UTF_8)));
        this.issuer = issuer;
        this.assertions = new ClientAssertions(certificatePem, clock);
    }

    /**
     * @param v1       the older {@code /oauth2/token} form, which names the target with {@code resource}
     *                 instead of a {@code /.default} scope and answers with string-typed expiry fields
     * @param tokenUrl the URL the request was posted to: a client assertion's audience must name it
     */
    public ApiResponse handle(ApiRequest request, boolean v1, String tokenUrl) {
        if (!request.method().equals("POST")) {
            return error(405, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests.");
        }
        String contentType = request.header("Content-Type");
        if (contentType == null || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            return error(400, "invalid_request",
                    "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
        }
        Map<String, String> form = ApiRequest.parseQuery(new String(request.body(), StandardCharsets.UTF_8));
        String grantType = form.get("grant_type");
        if (grantType == null) {
            return error(400, "invalid_request",
                    "AADSTS900144: The request body must contain the following parameter: 'grant_type'.");
        }
        if (!grantType.equals("client_credentials")) {
            return error(400, "unsupported_grant_type",
                    "AADSTS70003: The app requested an unsupported grant type '" + grantType + "'.");
        }
        String id = form.get("client_id");
        if (id == null) {
            return error(400, "invalid_request",
                    "AADSTS900144: The request body must contain the following parameter: 'client_id'.");
        }
        byte[] secret = secrets.get(id);
        if (secret == null) {
            return error(400, "unauthorized_client", "AADSTS700016: Application with identifier '" + id
                    + "' was not found in the directory.");
        }
        String given = form.get("client_secret");
        String assertion = form.get("client_assertion");
        if (assertion != null) {
            ApiResponse refused = assertions.check(form.get("client_assertion_type"), assertion, id, tokenUrl);
            if (refused != null) {
                return refused;
            }
        } else if (given == null) {
            return error(401, "invalid_client", "AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is"
                    + " required for the 'client_credentials' grant type.");
        } else if (!MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8))) {
            return error(401, "invalid_client",
                    "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.");
        }
        if (v1) {
            String resource = form.get("resource");
            if (resource == null || resource.isBlank()) {
                return error(400, "invalid_request",
                        "AADSTS900144: The request body must contain the following parameter: 'resource'.");
            }
            String token = issuer.issue(id, resource.trim() + "/.default");
            long seconds = Math.max(0, issuer.lifetime().toSeconds() - 1);
            long now = Instant.now().getEpochSecond();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("token_type", "Bearer");
            body.put("expires_in", Long.toString(seconds));
            body.put("ext_expires_in", Long.toString(seconds));
            body.put("expires_on", Long.toString(now + seconds));
            body.put("not_before", Long.toString(now));
            body.put("resource", resource.trim());
            body.put("access_token", token);
            return ApiResponse.json(200, body).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
        }
        String scope = form.get("scope");
        if (scope == null || scope.isBlank()) {
            return error(400, "invalid_request",
                    "AADSTS900144: The request body must contain the following parameter: 'scope'.");
        }
        if (!scope.trim().endsWith("/.default")) {
            return error(400, "invalid_scope", "AADSTS1002012: The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).");
        }
        String token = issuer.issue(id, scope.trim());
        long seconds = Math.max(0, issuer.lifetime().toSeconds() - 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", seconds);
        body.put("ext_expires_in", seconds);
        body.put("access_token", token);
        return ApiResponse.json(200, body).header("Cache-Control", "no-store, no-cache").header("Pragma", "no-cache");
    }

    static ApiResponse error(int status, String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description + "\r\nTrace ID: " + UUID.randomUUID()
                + "\r\nCorrelation ID: " + UUID.randomUUID() + "\r\nTimestamp: " + Instant.now());
        body.put("error_codes", new int[] {Integer.parseInt(description.substring(6, description.indexOf(':')))});
        body.put("timestamp", Instant.now().toString());
        return ApiResponse.json(status, body).header("Content-Type", "application/json; charset=utf-8");
    }
}
