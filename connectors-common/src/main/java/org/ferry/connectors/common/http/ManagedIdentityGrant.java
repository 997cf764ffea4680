package org.ferry.connectors.common.http;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.FieldProblem;

/**
 * A token for the host's Azure managed identity, system-assigned, or user-assigned when a client id is given.
 *
 * <p>Two protocols, as Microsoft documents them. On a VM (and wherever else IMDS answers): {@code GET
 * http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=…} with {@code Metadata: true};
 * 404 and 410 mean the endpoint is updating and are retried. On App Service and Functions, where the platform sets
 * {@code IDENTITY_ENDPOINT} and {@code IDENTITY_HEADER}: {@code GET $IDENTITY_ENDPOINT?api-version=2019-08-01&resource=…}
 * with {@code X-IDENTITY-HEADER: $IDENTITY_HEADER}.
 *
 * <p>An endpoint configured on the connection (for tests, or a proxy of IMDS) is spoken to in the IMDS protocol,
 * and never receives the platform's identity header, which is a secret of the App Service endpoint alone.
 */
public final class ManagedIdentityGrant implements TokenGrant {
    /** The Instance Metadata Service's token endpoint, at its documented link-local address. */
    public static final URI IMDS = URI.create("http://169.254.169.254/metadata/identity/oauth2/token");
    static final String IDENTITY_ENDPOINT = "IDENTITY_ENDPOINT";
    static final String IDENTITY_HEADER = "IDENTITY_HEADER";

    private final URI endpoint;
    private final String identityHeader;
    private final String clientId;
    private final String resource;
    private final Clock clock;

    private ManagedIdentityGrant(URI endpoint, String identityHeader, String clientId, String resource, Clock clock) {
        this.endpoint = endpoint;
        this.identityHeader = identityHeader;
        this.clientId = clientId;
        this.resource = resource;
        this.clock = clock;
    }

    /**
     * @param configured the endpoint the connection names, or {@code null} for the platform's
     * @param env        the process environment, where App Service announces its endpoint
     * @param clientId   a user-assigned identity's client id, or {@code null} for the system-assigned identity
     * @param resource   the resource the token is for: the environment URL
     */
    public static ManagedIdentityGrant of(URI configured, Map<String, String> env, String clientId, String resource,
                                          Clock clock) {
        if (configured != null) {
            return new ManagedIdentityGrant(configured, null, clientId, resource, clock);
        }
        String appService = env.get(IDENTITY_ENDPOINT);
        String header = env.get(IDENTITY_HEADER);
        if (appService != null && !appService.isBlank() && header != null && !header.isBlank()) {
            return new ManagedIdentityGrant(URI.create(appService.trim()), header, clientId, resource, clock);
        }
        return new ManagedIdentityGrant(IMDS, null, clientId, resource, clock);
    }

    @Override
    public ApiRequest request() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("api-version", identityHeader == null ? "2018-02-01" : "2019-08-01");
        query.put("resource", resource);
        if (clientId != null) {
            query.put("client_id", clientId);
        }
        StringJoiner q = new StringJoiner("&");
        query.forEach((k, v) -> q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        String uri = endpoint + (endpoint.getRawQuery() == null ? "?" : "&") + q;
        Map<String, String> headers = identityHeader == null ? Map.of("Metadata", "true", "Accept", "application/json")
                : Map.of("X-IDENTITY-HEADER", identityHeader, "Accept", "application/json");
        return new ApiRequest("GET", URI.create(uri), headers, null, true,
                identityHeader == null ? Set.of(404, 410) : Set.of());
    }

    @Override
    public AccessToken read(ApiResponse ok) {
        return TokenAnswers.token(ok, clock, endpoint());
    }

    /**
     * A 4xx is the configuration's: no identity on this host, or not the one named (IMDS answers 400), a resource
     * Azure AD does not know; shown against the client id, the scope or the authentication choice.
     */
    @Override
    public RuntimeException refused(ApiResponse response) {
        TokenAnswers.Refusal answer = TokenAnswers.refusal(response);
        String error = answer.error();
        String firstLine = answer.description();
        String detail = Secrets.abbreviate(Secrets.scrub(firstLine.isEmpty() ? error : error.isEmpty() ? firstLine
                : error + ": " + firstLine, identityHeader), 300);
        String message = endpoint() + " refused the token request (HTTP " + response.status()
                + (detail.isEmpty() ? "" : ", " + detail) + ")";
        if (response.status() >= 500) {
            return new ConnectorException(message);
        }
        String field = error.equals("invalid_resource") || firstLine.startsWith("AADSTS500011")
                || firstLine.startsWith("AADSTS50001") ? ServiceConfig.SCOPE
                : clientId != null ? ServiceConfig.CLIENT_ID : ServiceConfig.AUTHENTICATION;
        String hint = field.equals(ServiceConfig.CLIENT_ID) ? "; is a user-assigned identity with this client id assigned"
                + " to the host?" : field.equals(ServiceConfig.AUTHENTICATION) ? "; does the host have a system-assigned"
                + " identity? For a user-assigned one, give its client id" : "";
        return new ConfigurationException(List.of(new FieldProblem(field, message + hint)));
    }

    @Override
    public String endpoint() {
        return "the managed identity endpoint " + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort());
    }

    @Override
    public String unreachableHint() {
        return "; a managed identity works only on an Azure VM, App Service or Functions host that has one, and that can "
                + "reach " + endpoint.getScheme() + "://" + endpoint.getAuthority() + endpoint.getPath();
    }

    @Override
    public String toString() {
        return "ManagedIdentityGrant[" + endpoint.getHost() + (identityHeader == null ? ", IMDS" : ", App Service")
                + (clientId == null ? ", system-assigned" : ", client " + clientId) + "]";
    }
}
