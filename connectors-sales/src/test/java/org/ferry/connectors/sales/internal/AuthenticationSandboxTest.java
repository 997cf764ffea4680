package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.TestResult;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.ferry.testing.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Signing in with a certificate and with a managed identity, and what "test connection" says when it fails: each
 * failure names what to fix, with Azure AD's own code where it gave one, and no secret.
 */
class AuthenticationSandboxTest {
    private static final String USER_ASSIGNED = "0b8f2e55-7c1d-4a36-9e0f-3d5c6b7a8e91";
    private static TestCertificates.Pair app;
    private static TestCertificates.Pair stranger;

    @BeforeAll
    static void certificates() {
        app = TestCertificates.generate("ferry-sales");
        stranger = TestCertificates.generate("not-registered");
    }

    private static ConnectorConfig certificate(SandboxServer sandbox, TestCertificates.Pair pair, String keyPem) {
        // pasted into single-line form fields, which drop the line breaks
        return ConnectorConfig.of(Map.of("baseUrl", sandbox.salesUrl(), "tokenUrl", sandbox.tokenUrl(),
                "authentication", "certificate", "clientId", SandboxOptions.CLIENT_ID,
                "clientCertificate", pair.certificatePem().replace("\n", ""), "clientKey", keyPem.replace("\n", "")));
    }

    private static ConnectorConfig managedIdentity(String endpoint, Map<String, String> extra) {
        Map<String, String> cfg = new HashMap<>(Map.of("baseUrl", "http://127.0.0.1:1/sandbox/sales",
                "authentication", "managedIdentity", "identityEndpoint", endpoint));
        cfg.putAll(extra);
        return ConnectorConfig.of(cfg);
    }

    private static TestResult test(ConnectorConfig config) {
        try (Connection c = new SalesConnectorFactory().open(config, LOOPBACK)) {
            return c.test();
        }
    }

    @Test
    void aRegisteredCertificateSignsIn() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientCertificate(app.certificatePem()).build())) {
            TestResult ok = test(certificate(sandbox, app, app.keyPem()));
            assertTrue(ok.ok(), ok.message());
            assertTrue(test(certificate(sandbox, app, app.rsaKeyPem())).ok(), "a PKCS#1 key too");
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.client().equals(SandboxOptions.CLIENT_ID + "@sales")));
        }
    }

    @Test
    void aCertificateAzureAdDoesNotKnowIsRefusedWithItsCode() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientCertificate(app.certificatePem()).build())) {
            TestResult refused = test(certificate(sandbox, stranger, stranger.keyPem()));
            assertFalse(refused.ok());
            assertTrue(refused.message().startsWith("clientCertificate: the token endpoint 127.0.0.1 refused the credentials"
                    + " (HTTP 401, AADSTS700027: Client assertion failed signature validation."), refused.message());
            assertFalse(refused.message().contains("PRIVATE"), refused.message());
        }
    }

    /** Caught before anything is sent: at save time, and when a connection is opened (the engine answers 422). */
    @Test
    void aKeyThatIsNotTheCertificatesIsNamedBeforeSigningIn() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientCertificate(app.certificatePem()).build())) {
            ConnectorConfig mismatch = certificate(sandbox, app, stranger.keyPem());
            List<FieldProblem> problems = new SalesConnectorFactory().validate(mismatch);
            assertEquals(1, problems.size());
            assertEquals("clientKey", problems.get(0).field());
            assertTrue(problems.get(0).message().startsWith("does not belong to the certificate (subject CN=ferry-sales"),
                    problems.get(0).message());
            ConfigurationException e = assertThrows(ConfigurationException.class, () -> test(mismatch));
            assertEquals(problems, e.problems());
            Map<String, String> garbled = new HashMap<>(certificate(sandbox, app, app.keyPem()).values());
            garbled.put("clientCertificate", "MIIB-not-a-pem");
            FieldProblem bad = new SalesConnectorFactory().validate(ConnectorConfig.of(garbled)).get(0);
            assertEquals("clientCertificate", bad.field());
            assertTrue(bad.message().startsWith("is not a PEM certificate"), bad.message());
        }
    }

    @Test
    void theHostsSystemAndUserAssignedIdentitiesSignIn() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().managedIdentities("system", USER_ASSIGNED).build())) {
            Map<String, String> base = Map.of("baseUrl", sandbox.salesUrl());
            TestResult system = test(managedIdentity(sandbox.imdsUrl(), base));
            assertTrue(system.ok(), system.message());
            Map<String, String> user = new HashMap<>(base);
            user.put("clientId", USER_ASSIGNED);
            TestResult assigned = test(managedIdentity(sandbox.imdsUrl(), user));
            assertTrue(assigned.ok(), assigned.message());
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.client().equals(SandboxOptions.SYSTEM_IDENTITY_CLIENT_ID + "@sales")));
            assertTrue(sandbox.requestLog().entries().stream().anyMatch(e -> e.client().equals(USER_ASSIGNED + "@sales")));
        }
    }

    @Test
    void aHostWithoutTheIdentityIsToldSo() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().managedIdentities(USER_ASSIGNED).build())) {
            TestResult none = test(managedIdentity(sandbox.imdsUrl(), Map.of("baseUrl", sandbox.salesUrl())));
            assertFalse(none.ok());
            assertTrue(none.message().startsWith("authentication: the managed identity endpoint 127.0.0.1:"), none.message());
            assertTrue(none.message().contains("refused the token request (HTTP 400, unauthorized_client"), none.message());
            assertTrue(none.message().contains("does the host have a system-assigned identity?"), none.message());

            TestResult unknown = test(managedIdentity(sandbox.imdsUrl(), Map.of("baseUrl", sandbox.salesUrl(),
                    "clientId", "99999999-0000-0000-0000-000000000000")));
            assertTrue(unknown.message().startsWith("clientId: "), unknown.message());
        }
    }

    /** Nothing listens where the identity endpoint should be: Ferry is not on an Azure host with an identity. */
    @Test
    void noReachableIdentityEndpointIsToldSoWithinTheBudget() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        TestResult unreachable = test(managedIdentity("http://127.0.0.1:" + closed + "/metadata/identity/oauth2/token",
                Map.of("retryBudget", "2")));
        assertFalse(unreachable.ok());
        assertTrue(unreachable.message().startsWith("the managed identity endpoint 127.0.0.1:" + closed + " gave no token: "),
                unreachable.message());
        assertTrue(unreachable.message().contains("cannot connect"), unreachable.message());
        assertTrue(unreachable.message().contains("a managed identity works only on an Azure VM, App Service or Functions host"),
                unreachable.message());
    }
}
