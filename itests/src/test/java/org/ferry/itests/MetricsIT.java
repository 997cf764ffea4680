package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code GET /api/metrics} in the shipped bundles (Micrometer in Felix, the Prometheus registry inside the engine):
 * after a run of the Accounts project over the in-server sandbox, a scraper finds that run by project and status,
 * each leg's counts exactly as the run reports them, the requests the Sales connection sent, the admin API's own
 * latency and the JVM's meters; without credentials it gets 401.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends FerryTestSupport {
    private static final String SANDBOX_SECRET = "it-metrics-sandbox-secret";

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferryWithSandbox(SANDBOX_SECRET);
    }

    @Test
    public void aScrapeAfterARunFindsTheRunsCounts() throws Exception {
        String base = baseUrl(context);
        String api = base + "/api";
        awaitJson(api + "/health", Duration.ofSeconds(60), h -> "UP".equals(h.path("status").asText()));
        assertEquals(401, anonymous("GET", api + "/metrics").statusCode());
        String admin = adminToken(api);
        SandboxProjects.Created accounts = SandboxProjects.accounts(api, base, admin, SANDBOX_SECRET, "Metrics accounts");
        JsonNode run = SandboxProjects.run(api, admin, accounts.project());
        String status = run.path("status").asText();
        assertTrue(run.toString(), status.equals("COMPLETED") || status.equals("WARNING"));

        HttpResponse<String> scraped = call("GET", api + "/metrics", admin, null);
        assertEquals(scraped.body(), 200, scraped.statusCode());
        String type = scraped.headers().firstValue("Content-Type").orElse("");
        assertTrue(type, type.startsWith("text/plain") && type.contains("version=0.0.4"));
        String text = scraped.body();

        String project = "Metrics accounts";
        assertEquals(text, 1.0, value(text, "ferry_runs_total", "project=\"" + project + "\"", "status=\"" + status + "\""), 0);
        assertEquals(1.0, value(text, "ferry_run_duration_seconds_count", "project=\"" + project + "\""), 0);
        int legs = 0;
        for (JsonNode task : run.path("tasks")) {
            for (JsonNode leg : task.path("legs")) {
                String label = "leg=\"" + leg.path("source").asText() + " -> " + leg.path("target").asText() + "\"";
                for (String outcome : new String[] {"read", "inserted", "updated", "unchanged", "skipped", "failed"}) {
                    long expected = leg.path(outcome).asLong();
                    double scrapedValue = expected == 0 ? 0 : value(text, "ferry_records_total", "project=\"" + project
                            + "\"", label, "outcome=\"" + outcome + "\"");
                    assertEquals(label + " " + outcome, expected, scrapedValue, 0);
                }
                legs++;
            }
        }
        assertTrue("the run had legs", legs > 0);
        assertTrue(text, value(text, "ferry_records_total", "outcome=\"inserted\"") > 0);
        assertTrue("requests of the Sales connection", value(text, "ferry_connector_requests_total",
                "connection=\"Metrics accounts Sales\"") > 0);
        assertTrue(text.contains("ferry_connector_throttled_total{connection=\"Metrics accounts Sales\"}"));
        assertTrue("the admin API's latency", value(text, "ferry_http_server_requests_seconds_count",
                "resource=\"projects\"") > 0);
        assertTrue("JVM meters", value(text, "jvm_memory_used_bytes", "area=\"heap\"") > 0);
        assertTrue(text.contains("ferry_runs_live"));
    }

    /** @return the sum of the samples of a metric whose labels include all of the given ones */
    private static double value(String text, String metric, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(text);
        double sum = 0;
        boolean found = false;
        while (m.find()) {
            boolean all = true;
            for (String label : labels) {
                all &= m.group(1).contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
                found = true;
            }
        }
        if (!found) {
            throw new AssertionError("no " + metric + " with " + String.join(", ", labels) + " in:\n" + text);
        }
        return sum;
    }
}
