package org.ferry.connectors.sales.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ferry.api.connector.Connection;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.ServerCosts;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

class ScratchTimingTest {
    @Test
    void timing() {
        SandboxOptions options = SandboxOptions.builder().sampleData(false).window(Duration.ofSeconds(15))
                .costs(ServerCosts.PUBLISHED).build();
        try (SandboxServer sandbox = SandboxServer.start(options);
             Connection c = SalesConnectorSandboxTest.open(sandbox, sandbox.clientSecret(), Map.of())) {
            List<EntityRecord> records = new ArrayList<>();
            for (int i = 0; i < 4000; i++) {
                records.add(EntityRecord.builder("account").key(BusinessKey.of("accountnumber", "T-" + i))
                        .text("accountnumber", "T-" + i).text("name", "n" + i).build());
            }
            c.describe("account");
            long t0 = System.nanoTime();
            c.upsert("account", null, records);
            System.out.println("TOTAL " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            long first = -1;
            for (var e : sandbox.requestLog().entries()) {
                if (first < 0) first = e.nanos();
                if (!e.path().contains("accounts(")) {
                    System.out.println("REQ " + (e.nanos() - first) / 1_000_000 + " " + e.method() + " " + e.path() + " " + e.status() + " s=" + e.server());
                }
            }
        }
    }
}
