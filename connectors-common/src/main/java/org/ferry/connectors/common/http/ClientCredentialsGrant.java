package org.ferry.connectors.common.http;

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
        return TokenAnswers.token(ok, clock, endpoint());
    }

    @Override
    public RuntimeException refused(ApiResponse response) {
        TokenAnswers.Refusal answer = TokenAnswers.refusal(response);
        String error = answer.error();
        String firstLine = answer.description();
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
