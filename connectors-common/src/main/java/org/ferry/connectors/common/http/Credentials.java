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

    /** @return the application (client) id these credentials sign in as, which names the user's budget */
    String clientId();

    /**
     * @return what names the tokens these credentials get, for sharing them between connections ({@link TokenCache}):
     *         the endpoint, the client, the resource and a SHA-256 digest of the proof, so changed credentials never
     *         meet a token the old ones earned; never the proof itself
     */
    String identity();

    /** Further application users' client ids, comma- or line-separated. */
    String ADDITIONAL_IDS = "additionalClientIds";
    /** Their client secrets, one a line (or comma-separated), in the same order. */
    String ADDITIONAL_SECRETS = "additionalClientSecrets";
    /** Their certificates, PEM blocks in the same order; empty: each signs with the connection's certificate. */
    String ADDITIONAL_CERTIFICATES = "additionalClientCertificates";
    /** Their certificates' private keys, PEM blocks in the same order. */
    String ADDITIONAL_KEYS = "additionalClientKeys";

    /** Client credentials with a client secret. */
    record Secret(URI tokenUrl, String clientId, String secret, String scope) implements Credentials {
        @Override
        public TokenGrant grant(Clock clock) {
            return new ClientCredentialsGrant(tokenUrl, clientId, scope, ClientProof.secret(secret), clock);
        }

        @Override
        public String identity() {
            return Credentials.identityOf("secret", tokenUrl.toString(), clientId, scope, secret.getBytes(StandardCharsets.UTF_8));
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
        public String identity() {
            return Credentials.identityOf("certificate", tokenUrl.toString(), clientId, scope, certificate.proofBytes());
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
        public String identity() {
            String where = endpoint != null ? endpoint.toString() : env.getOrDefault(ManagedIdentityGrant.IDENTITY_ENDPOINT, "IMDS");
            return Credentials.identityOf("managed identity", where, clientId(), resource,
                    env.getOrDefault(ManagedIdentityGrant.IDENTITY_HEADER, "").getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "managed identity " + (clientId == null ? "(system-assigned)" : clientId);
        }

        @Override
        public String clientId() {
            return clientId == null ? "system-assigned" : clientId;
        }
    }

    /** @return the parts in words and the proof as a digest: the identity of {@link #identity()} */
    private static String identityOf(String kind, String endpoint, String clientId, String resource, byte[] proof) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(proof);
            return kind + " " + endpoint + " " + clientId + " " + resource + " "
                    + java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
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
                        "Default <environment URL>/.default (a managed identity asks for the resource without /.default)"),
                ConfigField.optional(ADDITIONAL_IDS, "Further application users", ConfigFieldType.TEXT, null,
                        "Client ids of further app registrations (each an application user of its own), comma-separated:"
                                + " each has its own service-protection budget, and requests go to whoever has budget"
                                + " left. With a managed identity: further user-assigned identities"),
                new ConfigField(ADDITIONAL_SECRETS, "Their client secrets", ConfigFieldType.PASSWORD, false, null, true,
                        "With client secrets: one per further user, in the same order, comma-separated", List.of()),
                ConfigField.optional(ADDITIONAL_CERTIFICATES, "Their certificates (PEM)", ConfigFieldType.TEXT, null,
                        "With certificates: one PEM block per further user, in the same order; empty when the"
                                + " connection's certificate is uploaded to every registration"),
                new ConfigField(ADDITIONAL_KEYS, "Their private keys (PEM)", ConfigFieldType.PASSWORD, false, null, true,
                        "With certificates: the keys of those certificates, in the same order", List.of()));
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
        List<String> ids = additionalIds(config);
        if (ids.isEmpty()) {
            return;
        }
        if (mode.equals(SECRET) && split(config.get(ADDITIONAL_SECRETS).orElse(""), "[,\\n]").size() != ids.size()) {
            problems.add(new FieldProblem(ADDITIONAL_SECRETS, "give one secret for each of the " + ids.size()
                    + " further application users, in the same order"));
        }
        if (mode.equals(CERTIFICATE)) {
            int certificates = pems(config.get(ADDITIONAL_CERTIFICATES).orElse(""), "CERTIFICATE").size();
            int keys = pems(config.get(ADDITIONAL_KEYS).orElse(""), "KEY").size();
            if (certificates != keys || (certificates != 0 && certificates != ids.size())) {
                problems.add(new FieldProblem(ADDITIONAL_CERTIFICATES, "give a certificate and its key for each of the "
                        + ids.size() + " further application users, or none to sign them all with the connection's"));
            }
        }
    }

    /** @return the further application users' client ids, in order */
    static List<String> additionalIds(ConnectorConfig config) {
        return split(config.get(ADDITIONAL_IDS).orElse(""), "[,\\s]+");
    }

    private static List<String> split(String text, String separators) {
        return java.util.Arrays.stream(text.split(separators)).map(String::trim).filter(v -> !v.isEmpty()).toList();
    }

    /** @return the PEM blocks of a kind ({@code CERTIFICATE}, or any {@code KEY}) in {@code text}, in order */
    private static List<String> pems(String text, String kind) {
        List<String> out = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-----BEGIN ([A-Z ]*" + kind
                + ")-----.*?-----END \\1-----", java.util.regex.Pattern.DOTALL).matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * @return the further application users' credentials, signing in as the connection's own do: with their secrets,
     *         their certificates (or the connection's), or as further user-assigned identities
     */
    static List<Credentials> additional(ConnectorConfig config, Credentials main) {
        List<String> ids = additionalIds(config);
        List<Credentials> out = new java.util.ArrayList<>();
        List<String> secrets = split(config.get(ADDITIONAL_SECRETS).orElse(""), "[,\\n]");
        List<String> certificates = pems(config.get(ADDITIONAL_CERTIFICATES).orElse(""), "CERTIFICATE");
        List<String> keys = pems(config.get(ADDITIONAL_KEYS).orElse(""), "KEY");
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            out.add(switch (main) {
                case Secret s -> new Secret(s.tokenUrl(), id, secrets.get(i), s.scope());
                case Certificate c -> new Certificate(c.tokenUrl(), id, certificates.isEmpty() ? c.certificate()
                        : ClientCertificate.parse(certificates.get(i), keys.get(i), ADDITIONAL_CERTIFICATES, ADDITIONAL_KEYS,
                                Instant.now()).certificate(), c.scope());
                case ManagedIdentity m -> new ManagedIdentity(m.endpoint(), id, m.resource(), m.env());
            });
        }
        return out;
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
