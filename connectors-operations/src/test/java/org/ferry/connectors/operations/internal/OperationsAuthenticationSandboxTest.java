package org.ferry.connectors.operations.internal;

import static org.ferry.connectors.operations.internal.OperationsConnectorSandboxTest.open;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.TestResult;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.ferry.testing.TestCertificates;
import org.junit.jupiter.api.Test;

/** F&amp;O signs in the same ways as Dataverse: with a certificate, or as the host's managed identity. */
class OperationsAuthenticationSandboxTest {

    @Test
    void aCertificateSignsInAndAnUnknownOneIsRefusedWithItsCode() {
        TestCertificates.Pair app = TestCertificates.generate("ferry-operations");
        TestCertificates.Pair other = TestCertificates.generate("unknown");
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientCertificate(app.certificatePem()).build())) {
            try (Connection c = open(sandbox, Map.of("authentication", "certificate", "clientCertificate", app.certificatePem(),
                    "clientKey", app.keyPem()))) {
                TestResult ok = c.test();
                assertTrue(ok.ok(), ok.message());
                assertFalse(c.organizationUnits().isEmpty());
            }
            try (Connection c = open(sandbox, Map.of("authentication", "certificate", "clientCertificate", other.certificatePem(),
                    "clientKey", other.keyPem()))) {
                TestResult refused = c.test();
                assertFalse(refused.ok());
                assertTrue(refused.message().contains("AADSTS700027"), refused.message());
            }
        }
    }

    @Test
    void theHostsManagedIdentitySignsIn() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().managedIdentities("system").build());
             Connection c = open(sandbox, Map.of("authentication", "managedIdentity", "identityEndpoint", sandbox.imdsUrl(),
                     "clientId", ""))) { // no client id: the system-assigned identity
            TestResult ok = c.test();
            assertTrue(ok.ok(), ok.message());
            assertTrue(sandbox.requestLog().entries().stream()
                    .anyMatch(e -> e.client().equals(SandboxOptions.SYSTEM_IDENTITY_CLIENT_ID + "@operations")));
        }
    }
}
