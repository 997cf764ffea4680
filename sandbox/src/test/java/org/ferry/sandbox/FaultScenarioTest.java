package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sandbox side of "with 20% of requests throttled and 5% of connections dropped after the
 * write, nothing is lost or duplicated": a client that honours Retry-After and retries idempotent
 * upserts ends with exactly one row per record, and the log proves it never came back early.
 */
class FaultScenarioTest {

    @Test
    void aPoliteIdempotentClientLosesAndDuplicatesNothing() throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").sampleData(false).seed(7)
                .throttleRate(0.2).throttleWithoutRetryAfter(0.5).dropRate(0.05).build();
        try (SandboxHttp http = new SandboxHttp(options)) {
            http.token();
            int records = 40;
            for (int i = 0; i < records; i++) {
                String url = http.sales + "accounts(accountnumber='ACC-F-" + i + "')";
                for (int attempt = 0; ; attempt++) {
                    HttpResponse<String> r;
                    try {
                        r = http.write("PATCH", url, "{\"name\":\"Record " + i + "\"}");
                    } catch (IOException dropped) {
                        continue; // the upsert may have been applied; repeating it is harmless
                    }
                    if (r.statusCode() == 429) {
                        long wait = r.headers().firstValue("Retry-After").map(s -> Long.parseLong(s) * 1000).orElse(20L << attempt);
                        Thread.sleep(wait);
                        continue;
                    }
                    assertEquals(204, r.statusCode(), r.body());
                    break;
                }
            }
            String count = http.get(http.sales + "accounts/$count").body();
            while (count.contains("error")) {
                Thread.sleep(1000);
                count = http.get(http.sales + "accounts/$count").body();
            }
            assertEquals(Integer.toString(records), count);
            var log = http.servlet.requestLog();
            assertTrue(log.count(429) > 0 && log.dropped() > 0, "faults were injected: " + log.count(429) + "/" + log.dropped());
            assertEquals(List.of(), log.retryAfterViolations(Duration.ZERO));
        }
    }
}
