package org.ferry.connectors.common.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConfigFieldType;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/**
 * How a connection signs in to Azure AD, chosen by the {@code authentication} field: a client secret, a certificate
 * (a client assertion signed with its key), or the host's managed identity. Each holds what its token requests need;
 * none shows a secret in {@link Object#toString()}.
 */
public sealed interface Credentials {
    String SECRET = "clientSecret";
    String CERTIFICATE = "certificate";
    String MANAGED_IDENTITY = "managedIdentity";

    /** @return how to get this connection's access tokens */
    TokenGrant grant(Clock clock);

    /** Client credentials with a client secret. */
    record Secret(URI tokenUrl, String clientId, String secret, String scope) implements Credentials {
        @Override
        public TokenGrant grant(Clock clock) {
            return new ClientCredentialsGrant(tokenUrl, clientId, scope, ClientProof.secret(secret), clock);
        }

        @Override
        public String toString() {
            return "client " + clientId + " with a secret at " + tokenUrl.getHost();
        }
    }

    /** Client credentials with a certificate: a client assertion signed with the certificate's key. */
    record Certificate(URI tokenUrl, String clientId, ClientCertificate certificate, String scope) implements Credentials {
        @Override
        public TokenGrant grant(Clock clock) {
            return new ClientCredentialsGrant(tokenUrl, clientId, scope, new ClientAssertionProof(certificate, clock), clock);
        }

        @Override
        public String toString() {
            return "client " + clientId + " with " + certificate + " at " + tokenUrl.getHost();
        }
    }

    /**
     * The host's managed identity.
     *
     * @param endpoint the configured endpoint, or {@code null} for the platform's
     * @param clientId a user-assigned identity's client id, or {@code null} for the system-assigned one
     * @param env      the environment the platform announces its endpoint in
     */
    record ManagedIdentity(URI endpoint, String clientId, String resource, Map<String, String> env) implements Credentials {
        @Override
        public TokenGrant grant(Clock clock) {
            return ManagedIdentityGrant.of(endpoint, env, clientId, resource, clock);
        }

        @Override
        public String toString() {
            return "managed identity " + (clientId == null ? "(system-assigned)" : clientId);
        }
    }

    /** The credential fields of the connection form, in form order. */
    static List<ConfigField> fields() {
        return List.of(
                new ConfigField(ServiceConfig.AUTHENTICATION, "Authentication", ConfigFieldType.CHOICE, false, SECRET, false,
                        "How Ferry signs in: with a client secret, with a certificate, or as the managed identity of the"
                                + " Azure host it runs on", List.of(SECRET, CERTIFICATE, MANAGED_IDENTITY)),
                ConfigField.optional(ServiceConfig.TENANT, "Azure AD tenant", ConfigFieldType.TEXT, null,
                        "Tenant id or domain; used to build the token URL when none is given"),
                ConfigField.optional(ServiceConfig.TOKEN_URL, "Token URL", ConfigFieldType.URL, null,
                        "OAuth2 token endpoint; default https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token"),
                ConfigField.optional(ServiceConfig.CLIENT_ID, "Client id", ConfigFieldType.TEXT, null,
                        "The application (client) id of the app registration; with a managed identity, the client id of"
                                + " a user-assigned identity (empty: the system-assigned one)"),
                new ConfigField(ServiceConfig.CLIENT_SECRET, "Client secret", ConfigFieldType.PASSWORD, false, null, true,
                        "With a client secret: the application's client secret", List.of()),
                ConfigField.optional(ServiceConfig.CLIENT_CERTIFICATE, "Client certificate (PEM)", ConfigFieldType.TEXT, null,
                        "With a certificate: the certificate uploaded to the app registration, from -----BEGIN CERTIFICATE-----"
                                + " to -----END CERTIFICATE-----"),
                new ConfigField(ServiceConfig.CLIENT_KEY, "Certificate private key (PEM)", ConfigFieldType.PASSWORD, false,
                        null, true, "With a certificate: its unencrypted RSA private key (PKCS#8 or PKCS#1 PEM)", List.of()),
                ConfigField.optional(ServiceConfig.IDENTITY_ENDPOINT, "Managed identity endpoint", ConfigFieldType.TEXT, null,
                        "With a managed identity: leave empty for the platform's (App Service's IDENTITY_ENDPOINT, else"
                                + " IMDS at " + ManagedIdentityGrant.IMDS + ")"),
                ConfigField.optional(ServiceConfig.SCOPE, "Scope", ConfigFieldType.TEXT, null,
                        "Default <environment URL>/.default (a managed identity asks for the resource without /.default)"));
    }

    /** Adds what is wrong with the credential fields to {@code problems}, without contacting anything. */
    static void validate(ConnectorConfig config, List<FieldProblem> problems) {
        String mode = config.get(ServiceConfig.AUTHENTICATION).orElse(SECRET).trim();
        switch (mode) {
            case SECRET, CERTIFICATE -> {
                required(config, ServiceConfig.CLIENT_ID, mode, problems);
                if (config.get(ServiceConfig.TOKEN_URL).isEmpty() && config.get(ServiceConfig.TENANT).isEmpty()) {
                    problems.add(new FieldProblem(ServiceConfig.TOKEN_URL, "give a token URL or an Azure AD tenant"));
                }
                if (mode.equals(SECRET)) {
                    required(config, ServiceConfig.CLIENT_SECRET, mode, problems);
                } else if (required(config, ServiceConfig.CLIENT_CERTIFICATE, mode, problems)
                        & required(config, ServiceConfig.CLIENT_KEY, mode, problems)) { // both named when both are missing
                    problems.addAll(certificate(config).problems());
                }
            }
            case MANAGED_IDENTITY -> config.get(ServiceConfig.IDENTITY_ENDPOINT)
                    .flatMap(Credentials::identityEndpointProblem)
                    .ifPresent(p -> problems.add(new FieldProblem(ServiceConfig.IDENTITY_ENDPOINT, p)));
            default -> problems.add(new FieldProblem(ServiceConfig.AUTHENTICATION, "must be one of " + SECRET + ", "
                    + CERTIFICATE + ", " + MANAGED_IDENTITY));
        }
    }

    /**
     * @param base the environment URL, the default resource
     * @param env  the process environment (App Service announces its identity endpoint there)
     * @throws ConfigurationException naming the field at fault
     */
    static Credentials from(ConnectorConfig config, ConnectionContext context, URI base, Map<String, String> env) {
        boolean loopbackOk = context != null && context.allowInsecureLoopback();
        String scope = config.get(ServiceConfig.SCOPE).map(String::trim).orElse(base + "/.default");
        String mode = config.get(ServiceConfig.AUTHENTICATION).orElse(SECRET).trim();
        if (mode.equals(MANAGED_IDENTITY)) {
            URI endpoint = config.get(ServiceConfig.IDENTITY_ENDPOINT).map(v -> URI.create(v.trim())).orElse(null);
            String resource = scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
            return new ManagedIdentity(endpoint, config.get(ServiceConfig.CLIENT_ID).map(String::trim).orElse(null),
                    resource, Map.copyOf(env));
        }
        String tokenText = config.get(ServiceConfig.TOKEN_URL).orElseGet(() -> "https://login.microsoftonline.com/"
                + URLEncoder.encode(config.require(ServiceConfig.TENANT).trim(), StandardCharsets.UTF_8) + "/oauth2/v2.0/token");
        URI tokenUrl = BaseUrlPolicy.check(ServiceConfig.TOKEN_URL, tokenText, loopbackOk);
        String clientId = config.require(ServiceConfig.CLIENT_ID).trim();
        if (mode.equals(CERTIFICATE)) {
            return new Certificate(tokenUrl, clientId, certificate(config).certificate(), scope);
        }
        return new Secret(tokenUrl, clientId, config.require(ServiceConfig.CLIENT_SECRET), scope);
    }

    private static ClientCertificate.Parsed certificate(ConnectorConfig config) {
        return ClientCertificate.parse(config.get(ServiceConfig.CLIENT_CERTIFICATE).orElse(""),
                config.get(ServiceConfig.CLIENT_KEY).orElse(""), ServiceConfig.CLIENT_CERTIFICATE, ServiceConfig.CLIENT_KEY,
                Instant.now());
    }

    private static boolean required(ConnectorConfig config, String field, String mode, List<FieldProblem> problems) {
        if (config.get(field).isPresent()) {
            return true;
        }
        problems.add(new FieldProblem(field, "is required to sign in with authentication " + mode));
        return false;
    }

    /**
     * A managed identity endpoint is local to the host: IMDS at its link-local address, or a loopback endpoint such
     * as App Service's. Anything else would be a token request to a stranger.
     */
    private static Optional<String> identityEndpointProblem(String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            return Optional.of("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getUserInfo() != null) {
            return Optional.of("must be an http URL of the identity endpoint");
        }
        if (!uri.getHost().equals(ManagedIdentityGrant.IMDS.getHost()) && !BaseUrlPolicy.isLoopback(uri.getHost())) {
            return Optional.of("must be on this host (a loopback address) or IMDS at "
                    + ManagedIdentityGrant.IMDS.getHost());
        }
        return Optional.empty();
    }
}
