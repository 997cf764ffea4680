package org.ferry.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.ferry.sandbox.SandboxOptions;
import org.junit.jupiter.api.Test;

class SandboxServerTest {
    @Test
    void servesBothEmulatorsBehindTheTokenEndpoint() throws Exception {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().clientSecret("fixture").build())) {
            assertEquals("fixture", sandbox.clientSecret());
            String token = sandbox.accessToken(sandbox.salesUrl() + "/.default");
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> accounts = client.send(HttpRequest.newBuilder(URI.create(sandbox.salesApiUrl() + "accounts?$top=1"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, accounts.statusCode(), accounts.body());
            HttpResponse<String> customers = client.send(HttpRequest.newBuilder(URI.create(sandbox.operationsDataUrl() + "CustomersV3?$top=1"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, customers.statusCode(), customers.body());
            assertTrue(customers.body().contains("\"dataAreaId\":\"usmf\""), customers.body());
            HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(sandbox.salesApiUrl() + "accounts")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
        }
    }
}
