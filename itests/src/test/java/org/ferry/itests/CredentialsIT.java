package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.inject.Inject;

import org.ferry.testing.TestCertificates;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Certificate and managed identity sign-ins in the shipped server: nimbus-jose-jwt resolves in Felix and signs the
 * assertion the in-server sandbox checks, the managed identity endpoint gives the connector its token, and the
 * private key is a secret like any other (masked in every answer).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class CredentialsIT extends FerryTestSupport {
    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        // made outside the framework, where the fixture is on the class path; handed in as framework properties
        TestCertificates.Pair app = TestCertificates.generate("ferry-it");
        return ferry(frameworkProperty("ferry.sandbox").value("true"),
                frameworkProperty("ferry.sandbox.client-secret").value("it-sandbox-secret"),
                frameworkProperty("ferry.sandbox.client-certificate").value(app.certificatePem()),
                frameworkProperty("ferry.sandbox.managed-identities").value("system"),
                frameworkProperty("ferry.test.certificate").value(app.certificatePem()),
                frameworkProperty("ferry.test.key").value(app.keyPem()));
    }

    @Test
    public void certificateAndManagedIdentityConnectionsPassTheirTest() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(30), h -> "UP".equals(h.path("status").asText()));
        Bundle nimbus = java.util.Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("com.nimbusds.nimbus-jose-jwt")).findFirst().orElseThrow();
        assertEquals(Bundle.ACTIVE, nimbus.getState());
        String admin = adminToken(api);
        String key = context.getProperty("ferry.test.key");

        Map<String, Object> certificate = new LinkedHashMap<>();
        certificate.put("baseUrl", base + "/sandbox/sales");
        certificate.put("tokenUrl", base + "/sandbox/login/contoso/oauth2/v2.0/token");
        certificate.put("authentication", "certificate");
        certificate.put("clientId", "ferry-sandbox");
        certificate.put("clientCertificate", context.getProperty("ferry.test.certificate"));
        certificate.put("clientKey", key);
        HttpResponse<String> created = call("POST", api + "/connections", admin,
                json(Map.of("name", "Sales by certificate", "type", "dynamics-sales", "config", certificate)));
        assertEquals(created.body(), 201, created.statusCode());
        JsonNode connection = parse(created);
        assertEquals("********", connection.path("config").path("clientKey").asText());
        HttpResponse<String> test = call("POST", api + "/connections/" + connection.path("id").asText() + "/test", admin, null);
        assertTrue(test.body(), parse(test).path("ok").asBoolean());
        assertFalse("the key is never answered", test.body().contains(key.substring(40, 80)));

        Map<String, Object> identity = Map.of("baseUrl", base + "/sandbox/operations", "authentication", "managedIdentity",
                "identityEndpoint", base + "/sandbox/metadata/identity/oauth2/token");
        HttpResponse<String> createdMi = call("POST", api + "/connections", admin,
                json(Map.of("name", "F&O by managed identity", "type", "dynamics-operations", "config", identity)));
        assertEquals(createdMi.body(), 201, createdMi.statusCode());
        HttpResponse<String> testMi = call("POST", api + "/connections/" + parse(createdMi).path("id").asText() + "/test",
                admin, null);
        assertTrue(testMi.body(), parse(testMi).path("ok").asBoolean());
    }
}
