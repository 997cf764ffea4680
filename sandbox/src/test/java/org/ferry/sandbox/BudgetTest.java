package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.junit.jupiter.api.Test;

/** The budget model: server time, the three limits per user and web server, affinity, the hint, bulk messages. */
class BudgetTest {

    private static String targets(String... items) {
        return "{\"Targets\":[" + String.join(",", items) + "]}";
    }

    private static String account(String number, String name) {
        return "{\"@odata.type\":\"Microsoft.Dynamics.CRM.account\",\"@odata.id\":\"accounts(accountnumber='" + number
                + "')\",\"name\":\"" + name + "\"}";
    }

    @Test
    void upsertMultipleWritesEveryRecordOrRollsBackWholeNamingTheBadOne() throws Exception {
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").costs(ServerCosts.none()).build())) {
            String url = http.sales + "accounts/Microsoft.Dynamics.CRM.UpsertMultiple";
            HttpResponse<String> ok = http.write("POST", url, targets(account("BULK-1", "One"), account("BULK-2", "Two")));
            assertEquals(204, ok.statusCode(), ok.body());
            assertEquals("One", http.json(http.get(http.sales + "accounts(accountnumber='BULK-1')?$select=name"))
                    .get("name").asText());

            String longName = "x".repeat(200);
            HttpResponse<String> bad = http.write("POST", url, targets(account("BULK-1", "Changed"), account("BULK-3", "Three"),
                    account("BULK-4", longName)));
            assertEquals(400, bad.statusCode());
            String message = http.json(bad).get("error").get("message").asText();
            assertTrue(message.contains("Targets[2]") && message.contains("BULK-4") && message.contains("rolled back"), message);
            assertEquals("One", http.json(http.get(http.sales + "accounts(accountnumber='BULK-1')?$select=name"))
                    .get("name").asText(), "the update before the bad record was rolled back");
            assertEquals(404, http.get(http.sales + "accounts(accountnumber='BULK-3')").statusCode());

            HttpResponse<String> untyped = http.write("POST", url, "{\"Targets\":[{\"accountnumber\":\"BULK-9\"}]}");
            assertEquals(400, untyped.statusCode());

            HttpResponse<String> created = http.write("POST", http.sales + "contacts/Microsoft.Dynamics.CRM.CreateMultiple",
                    targets("{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"lastname\":\"A\"}",
                            "{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"lastname\":\"B\"}"));
            assertEquals(200, created.statusCode(), created.body());
            assertEquals(2, http.json(created).get("Ids").size());
        }
    }

    @Test
    void tablesSayWhichBulkMessagesTheySupport() throws Exception {
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").costs(ServerCosts.none()).build())) {
            JsonNode account = http.json(http.get(http.sales + "sdkmessagefilters?$select=sdkmessagefilterid&$filter="
                    + SandboxHttp.enc("sdkmessageid/name eq 'UpsertMultiple' and primaryobjecttypecode eq 'account'")));
            assertEquals(1, account.get("value").size());
            JsonNode lines = http.json(http.get(http.sales + "sdkmessagefilters?$select=sdkmessagefilterid&$filter="
                    + SandboxHttp.enc("sdkmessageid/name eq 'UpsertMultiple' and primaryobjecttypecode eq 'salesorderdetail'")));
            assertEquals(0, lines.get("value").size());
            assertEquals(404, http.write("POST", http.sales + "salesorderdetails/Microsoft.Dynamics.CRM.UpsertMultiple",
                    "{\"Targets\":[]}").statusCode());
        }
    }

    @Test
    void requestsTakeTheirServerTimeAndTheExecutionLimitThrottlesWithAGrowingRetryAfter() throws Exception {
        // a 3 s window allows 12 s of execution (1,200 s per 300 s, scaled); a request takes 1 s of it
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").window(Duration.ofSeconds(3))
                .costs(ServerCosts.none().withScale(1).with("request-cost-ms", 1000)).build();
        assertEquals(12, options.executionSecondsPerWindow());
        assertEquals(60, options.requestsPerWindow());
        assertEquals(4, options.dopHint());
        try (SandboxHttp http = new SandboxHttp(options)) {
            long t0 = System.nanoTime();
            HttpResponse<String> one = http.get(http.sales + "accounts?$top=1");
            assertTrue(System.nanoTime() - t0 >= 950_000_000L, "the request took its second of server time");
            assertEquals("4", one.headers().firstValue("x-ms-dop-hint").orElseThrow());
            assertTrue(one.headers().firstValue("Set-Cookie").orElseThrow().startsWith("ARRAffinity="));
            // 16 at once: about 12 s of execution fit the window, the rest are refused for execution time
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<HttpResponse<String>>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(() -> http.get(http.sales + "accounts?$top=1")));
            }
            for (Future<HttpResponse<String>> f : all) {
                f.get();
            }
            HttpResponse<String> late = http.get(http.sales + "accounts?$top=1");
            pool.shutdown();
            assertEquals(429, late.statusCode(), "the window's execution time is spent");
            assertEquals("0x80072321", http.json(late).get("error").get("code").asText());
            HttpResponse<String> pushing = http.get(http.sales + "accounts?$top=1");
            int first = Integer.parseInt(late.headers().firstValue("Retry-After").orElseThrow());
            int second = Integer.parseInt(pushing.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(second >= first, "pushing on does not shorten the penalty: " + first + " then " + second);
            JsonNode budget = http.json(http.get(http.base + "control/budget"));
            assertNull(null);
            assertNotNull(budget.get("ceilingRecordsPerSecond"));
        }
    }

    @Test
    void withoutTheAffinityCookieRequestsSpreadOverTheWebServersEachWithItsOwnLimits() throws Exception {
        SandboxOptions options = SandboxOptions.builder().clientSecret("s").webServers(2).requestsPerWindow(3)
                .window(Duration.ofSeconds(60)).costs(ServerCosts.none()).build();
        assertEquals(8, options.dopHint(), "4 per server");
        try (SandboxHttp http = new SandboxHttp(options)) {
            for (int i = 0; i < 6; i++) {
                assertEquals(200, http.get(http.sales + "accounts?$top=1").statusCode(), "request " + i);
            }
            Set<Integer> servers = new HashSet<>();
            for (RequestLog.Entry e : http.servlet.requestLog().entries()) {
                if (e.path().contains("accounts")) {
                    servers.add(e.server());
                }
            }
            assertEquals(Set.of(0, 1), servers, "three requests on each server, each within its own limit");
            assertEquals(429, http.get(http.sales + "accounts?$top=1").statusCode(), "both servers' windows are full");
        }
        try (SandboxHttp http = new SandboxHttp(options)) {
            HttpResponse<String> first = http.get(http.sales + "accounts?$top=1");
            String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            assertEquals(200, http.get(http.sales + "accounts?$top=1", "Cookie", cookie).statusCode());
            assertEquals(200, http.get(http.sales + "accounts?$top=1", "Cookie", cookie).statusCode());
            HttpResponse<String> pinned = http.get(http.sales + "accounts?$top=1", "Cookie", cookie);
            assertEquals(429, pinned.statusCode(), "a client that keeps the cookie meets one server's limit alone");
        }
    }

    @Test
    void bypassingCustomLogicNeedsThePrivilegeAndSavesItsTime() throws Exception {
        ServerCosts logic = ServerCosts.none().withScale(1).with("custom-logic-cost-ms", 400);
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").costs(logic).build())) {
            HttpResponse<String> refused = http.write("PATCH", http.sales + "accounts(accountnumber='BYP-1')",
                    "{\"name\":\"x\"}", "MSCRM.BypassBusinessLogicExecution", "CustomSync");
            assertEquals(403, refused.statusCode());
            assertTrue(refused.body().contains("prvBypassCustomBusinessLogic"), refused.body());
        }
        try (SandboxHttp http = new SandboxHttp(SandboxOptions.builder().clientSecret("s").costs(logic)
                .bypassPrivilege(true).build())) {
            long t0 = System.nanoTime();
            assertEquals(204, http.write("PATCH", http.sales + "accounts(accountnumber='BYP-1')", "{\"name\":\"x\"}")
                    .statusCode());
            long with = System.nanoTime() - t0;
            t0 = System.nanoTime();
            assertEquals(204, http.write("PATCH", http.sales + "accounts(accountnumber='BYP-2')", "{\"name\":\"x\"}",
                    "MSCRM.BypassBusinessLogicExecution", "CustomSync,CustomAsync").statusCode());
            long without = System.nanoTime() - t0;
            assertTrue(with >= 390_000_000L && without < 300_000_000L, with / 1_000_000 + " ms with the plug-ins, "
                    + without / 1_000_000 + " ms bypassing them");
        }
    }
}
