package org.ferry.connectors.common.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.ferry.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The two credentials beyond a secret, at the protocol level and over the sandbox: the client assertion as
 * Microsoft's certificate-credentials page describes it, the checks of the PEM fields, and App Service's managed
 * identity protocol (which needs the platform's environment, so it is driven here rather than through a connection).
 */
class CredentialsSandboxTest {
    private static TestCertificates.Pair app;
    private static TestCertificates.Pair other;

    @BeforeAll
    static void certificates() {
        app = TestCertificates.generate("ferry-app");
        other = TestCertificates.generate("someone-else");
    }

    private static ClientCertificate parsed(String certificatePem, String keyPem) {
        ClientCertificate.Parsed p = ClientCertificate.parse(certificatePem, keyPem, "clientCertificate", "clientKey",
                Instant.now());
        assertEquals(List.of(), p.problems());
        return p.certificate();
    }

    @Test
    void theAssertionIsAPs256JwtNamingTheCertificateTheEndpointAndTheClient() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
        URI tokenUrl = URI.create("https://login.microsoftonline.com/contoso/oauth2/v2.0/token");
        ClientAssertionProof proof = new ClientAssertionProof(parsed(app.certificatePem(), app.keyPem()), clock);
        Map<String, String> form = proof.form(tokenUrl, "app-id");
        assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", form.get("client_assertion_type"));

        SignedJWT jwt = SignedJWT.parse(form.get("client_assertion"));
        assertEquals(JWSAlgorithm.PS256, jwt.getHeader().getAlgorithm());
        assertEquals(JOSEObjectType.JWT, jwt.getHeader().getType());
        assertEquals(Base64URL.encode(ClientCertificate.sha256(app.certificate())), jwt.getHeader().getX509CertSHA256Thumbprint());
        assertTrue(jwt.verify(new RSASSAVerifier((RSAPublicKey) app.certificate().getPublicKey())), "signed with the key");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertEquals(List.of(tokenUrl.toString()), claims.getAudience());
        assertEquals("app-id", claims.getIssuer());
        assertEquals("app-id", claims.getSubject());
        assertNotNull(claims.getJWTID());
        assertEquals(clock.instant(), claims.getNotBeforeTime().toInstant());
        assertEquals(Duration.ofMinutes(10), Duration.between(claims.getNotBeforeTime().toInstant(),
                claims.getExpirationTime().toInstant()));
        assertFalse(SignedJWT.parse(proof.form(tokenUrl, "app-id").get("client_assertion")).getJWTClaimsSet().getJWTID()
                .equals(claims.getJWTID()), "a fresh jti for every assertion");
    }

    /** A single-line form field strips the line breaks; older OpenSSL writes PKCS#1 keys. Both are read. */
    @Test
    void pemWithoutLineBreaksAndPkcs1KeysAreRead() {
        ClientCertificate flat = parsed(app.certificatePem().replace("\n", ""), app.keyPem().replace("\n", " "));
        assertEquals(app.certificate(), flat.certificate());
        parsed(app.certificatePem(), app.rsaKeyPem());
        parsed(app.certificatePem(), app.keyPem() + app.certificatePem());
        assertFalse(flat.toString().contains("PRIVATE"), flat.toString());
    }

    @Test
    void eachWrongPasteIsNamedAgainstItsField() {
        Instant now = Instant.now();
        assertEquals(List.of(new FieldProblem("clientKey", "does not belong to the certificate (subject CN=ferry-app, "
                        + "SHA-256 thumbprint " + HexFormat.of().formatHex(ClientCertificate.sha256(app.certificate()))
                        .toUpperCase() + ")")),
                ClientCertificate.parse(app.certificatePem(), other.keyPem(), "clientCertificate", "clientKey", now).problems());
        List<FieldProblem> garbage = ClientCertificate.parse("not a certificate", "not a key", "clientCertificate", "clientKey",
                now).problems();
        assertEquals(List.of("clientCertificate", "clientKey"), garbage.stream().map(FieldProblem::field).toList());
        assertTrue(garbage.get(0).message().startsWith("is not a PEM certificate"), garbage.get(0).message());
        assertTrue(garbage.get(1).message().startsWith("is not a PEM private key"), garbage.get(1).message());
        FieldProblem encrypted = ClientCertificate.parse(app.certificatePem(), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB"
                + "\n-----END ENCRYPTED PRIVATE KEY-----", "clientCertificate", "clientKey", now).problems().get(0);
        assertTrue(encrypted.message().startsWith("is encrypted"), encrypted.message());
        TestCertificates.Pair old = TestCertificates.expired("ferry-old");
        FieldProblem expired = ClientCertificate.parse(old.certificatePem(), old.keyPem(), "clientCertificate", "clientKey",
                now).problems().get(0);
        assertEquals("clientCertificate", expired.field());
        assertTrue(expired.message().startsWith("expired on"), expired.message());
    }

    /** The connection form checks the same, and says which fields each way of signing in needs. */
    @Test
    void validationNamesTheFieldsEachAuthenticationNeeds() {
        List<FieldProblem> certificate = ServiceConfig.validate(ConnectorConfig.of(Map.of("baseUrl", "https://x.crm.dynamics.com",
                "authentication", "certificate", "tenant", "contoso")), TestSessions.LIMITS);
        assertEquals(List.of("clientId", "clientCertificate", "clientKey"), certificate.stream().map(FieldProblem::field).toList());
        List<FieldProblem> mismatch = ServiceConfig.validate(ConnectorConfig.of(Map.of("baseUrl", "https://x.crm.dynamics.com",
                "authentication", "certificate", "tenant", "contoso", "clientId", "a", "clientCertificate", app.certificatePem(),
                "clientKey", other.keyPem())), TestSessions.LIMITS);
        assertEquals(List.of("clientKey"), mismatch.stream().map(FieldProblem::field).toList());
        assertEquals(List.of(), ServiceConfig.validate(ConnectorConfig.of(Map.of("baseUrl", "https://x.crm.dynamics.com",
                "authentication", "managedIdentity")), TestSessions.LIMITS), "a managed identity needs nothing more");
        FieldProblem stranger = ServiceConfig.validate(ConnectorConfig.of(Map.of("baseUrl", "https://x.crm.dynamics.com",
                "authentication", "managedIdentity", "identityEndpoint", "http://example.com/token")), TestSessions.LIMITS).get(0);
        assertEquals("identityEndpoint", stranger.field());
        assertTrue(stranger.message().contains("169.254.169.254"), stranger.message());
        assertEquals("authentication", ServiceConfig.validate(ConnectorConfig.of(Map.of("baseUrl", "https://x.crm.dynamics.com",
                "authentication", "kerberos")), TestSessions.LIMITS).get(0).field());
    }

    /**
     * An assertion signed an hour ago, valid for ten minutes, is refused with AADSTS700024 against the certificate
     * field: the host's clock is the likely fault.
     */
    @Test
    void anAssertionOutsideItsTimeRangeIsRefusedWithItsAadCode() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientCertificate(app.certificatePem()).build())) {
            Clock anHourAgo = Clock.offset(Clock.systemUTC(), Duration.ofHours(-1));
            ClientCredentialsGrant grant = new ClientCredentialsGrant(URI.create(sandbox.tokenUrl()), sandbox.clientId(),
                    sandbox.salesUrl() + "/.default", new ClientAssertionProof(parsed(app.certificatePem(), app.keyPem()),
                    anHourAgo), Clock.systemUTC());
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> tokens(grant).token());
            assertEquals("clientCertificate", e.problems().get(0).field());
            assertTrue(e.getMessage().contains("AADSTS700024: Client assertion is not within its valid time range"),
                    e.getMessage());
        }
    }

    @Test
    void appServicesIdentityEndpointIsFoundInTheEnvironmentAndGetsItsHeader() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().managedIdentities("system").build())) {
            Map<String, String> env = Map.of("IDENTITY_ENDPOINT", sandbox.appServiceIdentityUrl(),
                    "IDENTITY_HEADER", sandbox.identityHeader());
            ManagedIdentityGrant grant = ManagedIdentityGrant.of(null, env, null, sandbox.salesUrl(), Clock.systemUTC());
            assertTrue(grant.request().uri().toString().contains("api-version=2019-08-01"), grant.request().uri().toString());
            String token = tokens(grant).token();
            HttpResponse<String> accounts = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    sandbox.salesApiUrl() + "accounts?$top=1")).header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, accounts.statusCode(), accounts.body());
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.client().equals(
                    SandboxOptions.SYSTEM_IDENTITY_CLIENT_ID + "@sales")), "Dataverse saw the identity");

            ManagedIdentityGrant forged = ManagedIdentityGrant.of(null, Map.of("IDENTITY_ENDPOINT",
                    sandbox.appServiceIdentityUrl(), "IDENTITY_HEADER", "forged-header"), null, sandbox.salesUrl(), Clock.systemUTC());
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> tokens(forged).token());
            assertTrue(e.getMessage().contains("HTTP 401"), e.getMessage());
            assertFalse(e.getMessage().contains("forged-header"), "the identity header is a secret");
        }
    }

    /**
     * The sandbox's token endpoint checks assertions as Azure AD documents: RS256 (the page's former algorithm) as
     * well as PS256, and each wrong claim with its own code.
     */
    @Test
    void theTokenEndpointChecksEveryClaimOfAnAssertion() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientCertificate(app.certificatePem()).build())) {
            String aud = sandbox.tokenUrl();
            String id = sandbox.clientId();
            assertEquals(200, post(sandbox, assertion(JWSAlgorithm.RS256, app, app, aud, id, id)).statusCode(), "RS256");
            assertEquals(200, post(sandbox, assertion(JWSAlgorithm.PS256, app, app, aud, id, id)).statusCode(), "PS256");
            assertRefused(sandbox, assertion(JWSAlgorithm.PS256, app, app, "https://login.microsoftonline.com/x/oauth2/v2.0/token",
                    id, id), "AADSTS700023");
            assertRefused(sandbox, assertion(JWSAlgorithm.PS256, app, app, aud, "other-app", "other-app"), "AADSTS700021");
            assertRefused(sandbox, assertion(JWSAlgorithm.PS256, app, app, aud, id, "someone"), "AADSTS50048");
            assertRefused(sandbox, assertion(JWSAlgorithm.PS256, app, other, aud, id, id),
                    "AADSTS700027: Client assertion failed signature validation. [Reason - The provided signature value did not match");
            assertRefused(sandbox, "client_id=" + id + "&grant_type=client_credentials&scope=x%2F.default", "AADSTS7000216");
        }
    }

    /** A form carrying an assertion whose header names {@code named}'s certificate but which {@code signer} signed. */
    private static String assertion(JWSAlgorithm alg, TestCertificates.Pair named, TestCertificates.Pair signer, String aud,
                                    String iss, String sub) throws Exception {
        Instant now = Instant.now();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).type(JOSEObjectType.JWT)
                .x509CertSHA256Thumbprint(Base64URL.encode(ClientCertificate.sha256(named.certificate()))).build(),
                new JWTClaimsSet.Builder().audience(aud).issuer(iss).subject(sub).jwtID(UUID.randomUUID().toString())
                        .notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).build());
        jwt.sign(new RSASSASigner(ClientCertificate.key(signer.keyPem())));
        return "client_id=" + SandboxOptions.CLIENT_ID + "&grant_type=client_credentials&scope=x%2F.default&client_assertion_type="
                + URLEncoder.encode(ClientAssertionProof.ASSERTION_TYPE, StandardCharsets.UTF_8)
                + "&client_assertion=" + jwt.serialize();
    }

    private static HttpResponse<String> post(SandboxServer sandbox, String form) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertRefused(SandboxServer sandbox, String form, String description) throws Exception {
        HttpResponse<String> r = post(sandbox, form);
        assertEquals(401, r.statusCode(), r.body());
        assertTrue(r.body().contains("\"error\":\"invalid_client\""), r.body());
        assertTrue(r.body().contains(description), r.body());
    }

    private static TokenSource tokens(TokenGrant grant) {
        HttpTransport anonymous = new HttpTransport(HttpTransport.newClient(Duration.ofSeconds(5)), null, new RequestGate(1),
                RetryPolicy.DEFAULT.withBudget(Duration.ofSeconds(10)), Duration.ofSeconds(5), Clock.systemUTC(), r -> null);
        return new TokenSource(anonymous, grant, Clock.systemUTC());
    }
}
