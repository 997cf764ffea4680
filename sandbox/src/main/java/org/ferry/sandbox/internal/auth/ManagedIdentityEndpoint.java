package org.ferry.sandbox.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;

/**
 * The managed identity endpoints of an Azure host, as Microsoft documents them: the Instance Metadata Service
 * ({@code GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=…} with {@code Metadata: true};
 * answers with string-typed {@code expires_in}, {@code expires_on}, {@code not_before}) and App Service's
 * ({@code GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…} with {@code X-IDENTITY-HEADER}; answers with
 * {@code expires_on} and {@code client_id}). A {@code client_id} (or the other id parameters) picks a user-assigned
 * identity, none the system-assigned one. Tokens are the sandbox's own, accepted by both services.
 */
public final class ManagedIdentityEndpoint {
    private final List<String> identities;
    private final byte[] identityHeader;
    private final TokenIssuer issuer;

    public ManagedIdentityEndpoint(List<String> identities, String identityHeader, TokenIssuer issuer) {
        this.identities = identities;
        this.identityHeader = identityHeader.getBytes(StandardCharsets.UTF_8);
        this.issuer = issuer;
    }

    /** The IMDS protocol. */
    public ApiResponse imds(ApiRequest request) {
        if (!request.method().equals("GET")) {
            return error(405, "invalid_request", "The endpoint only accepts GET requests.");
        }
        if (!"true".equals(request.header("Metadata"))) {
            return error(400, "bad_request_102", "Required metadata header not specified");
        }
        ApiResponse bad = missing(request);
        if (bad != null) {
            return bad;
        }
        String id = identity(request, "client_id", "object_id", "msi_res_id");
        if (id == null) {
            return error(400, "unauthorized_client", "The client isn't authorized to request an access token using this"
                    + " method.");
        }
        Map<String, Object> body = token(id, request.query("resource"));
        body.remove("client_id");
        return ApiResponse.json(200, body).header("Content-Type", "application/json; charset=utf-8");
    }

    /** App Service's protocol. */
    public ApiResponse appService(ApiRequest request) {
        String given = request.header("X-IDENTITY-HEADER");
        if (given == null || !MessageDigest.isEqual(identityHeader, given.getBytes(StandardCharsets.UTF_8))) {
            return error(401, "unauthorized", "The X-IDENTITY-HEADER header is missing or does not match IDENTITY_HEADER.");
        }
        ApiResponse bad = missing(request);
        if (bad != null) {
            return bad;
        }
        String id = identity(request, "client_id", "principal_id", "mi_res_id");
        if (id == null) {
            return error(400, "invalid_request", "Identity not found");
        }
        Map<String, Object> body = token(id, request.query("resource"));
        body.remove("expires_in");
        body.remove("refresh_token");
        return ApiResponse.json(200, body).header("Content-Type", "application/json; charset=utf-8");
    }

    private static ApiResponse missing(ApiRequest request) {
        for (String name : List.of("api-version", "resource")) {
            String v = request.query(name);
            if (v == null || v.isBlank()) {
                return error(400, "invalid_request", "Required query variable '" + name + "' is missing");
            }
        }
        return null;
    }

    /** @return the client id of the identity the request names (the system-assigned one if none), or null */
    private String identity(ApiRequest request, String... parameters) {
        for (String p : parameters) {
            String v = request.query(p);
            if (v != null && !v.isBlank()) {
                return identities.stream().filter(i -> !i.equals(SandboxOptions.SYSTEM_IDENTITY) && i.equalsIgnoreCase(v.trim()))
                        .findFirst().orElse(null);
            }
        }
        return identities.contains(SandboxOptions.SYSTEM_IDENTITY) ? SandboxOptions.SYSTEM_IDENTITY_CLIENT_ID : null;
    }

    private Map<String, Object> token(String clientId, String resource) {
        String token = issuer.issue(clientId, resource.trim() + "/.default");
        long now = Instant.now().getEpochSecond();
        long seconds = Math.max(0, issuer.lifetime().toSeconds() - 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("refresh_token", "");
        body.put("expires_in", Long.toString(seconds));
        body.put("expires_on", Long.toString(now + seconds));
        body.put("not_before", Long.toString(now));
        body.put("resource", resource);
        body.put("token_type", "Bearer");
        body.put("client_id", clientId);
        return body;
    }

    private static ApiResponse error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return ApiResponse.json(status, body).header("Content-Type", "application/json; charset=utf-8");
    }
}
