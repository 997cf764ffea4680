package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VolumeTest {

    @Test
    void hundredThousandAccountsArePagedFullyAndDeltaIsExact() throws Exception {
        long start = System.nanoTime();
        SandboxOptions options = SandboxOptions.fromMap(java.util.Map.of("client-secret", "s", "accounts", "100000",
                "sample-data", "false",
                // the sandbox's own speed is measured here, not the service's server time
                "server-cost-scale", "0"));
        try (SandboxHttp http = new SandboxHttp(options)) {
            long generated = System.nanoTime();
            Set<String> ids = new HashSet<>();
            Set<String> numbers = new HashSet<>();
            String url = http.sales + "accounts?$select=accountnumber,name";
            String delta = null;
            while (url != null) {
                HttpResponse<String> r = http.get(url, "Prefer", "odata.track-changes");
                assertEquals(200, r.statusCode());
                JsonNode body = http.json(r);
                for (JsonNode a : body.get("value")) {
                    ids.add(a.get("accountid").asText());
                    numbers.add(a.get("accountnumber").asText());
                }
                url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
                delta = body.has("@odata.deltaLink") ? body.get("@odata.deltaLink").asText() : delta;
            }
            assertEquals(100_000, ids.size());
            assertEquals(100_000, numbers.size());
            assertTrue(numbers.stream().allMatch(n -> n.matches("ACC-\\d{5,}-[A-Z]{6}")));

            String[] some = ids.stream().limit(1010).toArray(String[]::new);
            for (int i = 0; i < 1000; i++) {
                assertEquals(204, http.write("PATCH", http.sales + "accounts(" + some[i] + ")", "{\"telephone1\":\"" + i + "\"}").statusCode());
            }
            for (int i = 1000; i < 1010; i++) {
                assertEquals(204, http.write("DELETE", http.sales + "accounts(" + some[i] + ")", null).statusCode());
            }
            int changed = 0;
            int deleted = 0;
            url = delta;
            while (url != null) {
                JsonNode body = http.json(http.get(url, "Prefer", "odata.track-changes"));
                for (JsonNode row : body.get("value")) {
                    if (row.has("reason")) {
                        deleted++;
                    } else {
                        changed++;
                    }
                }
                url = body.has("@odata.nextLink") ? body.get("@odata.nextLink").asText() : null;
            }
            assertEquals(1000, changed);
            assertEquals(10, deleted);
            long seconds = (System.nanoTime() - start) / 1_000_000_000L;
            assertTrue(seconds < 60, "generation " + (generated - start) / 1_000_000 + " ms, total " + seconds + " s");
        }
    }
}
