package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

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

/** The shipped distribution boots: every bundle active, the admin API answering with its contracts. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PlatformIT extends FerryTestSupport {

    @Inject
    private BundleContext context;

    @Configuration
    public Option[] config() throws Exception {
        return ferry();
    }

    @Test
    public void everyShippedBundleIsActive() throws Exception {
        awaitJson(baseUrl(context) + "/api/health", Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders().get("Fragment-Host") != null;
            if (b.getLocation().contains("/ferry/bundles/") && !fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " " + b.getState());
            }
        }
        assertTrue("not active: " + notActive, notActive.isEmpty());
    }

    @Test
    public void pluginsListsEveryBundleWithItsState() throws Exception {
        JsonNode plugins = awaitJson(baseUrl(context) + "/api/plugins?limit=500", Duration.ofSeconds(20), p -> p.has("items"));
        for (Bundle b : context.getBundles()) {
            if (b.getBundleId() != 0 && b.getLocation().contains("/ferry/bundles/")) {
                assertTrue(b.getSymbolicName() + " missing from /api/plugins", anyItem(plugins, "symbolicName", b.getSymbolicName()));
            }
        }
        for (JsonNode item : plugins.path("items")) {
            if ("org.ferry.runtime.engine".equals(item.path("symbolicName").asText())) {
                assertEquals("ACTIVE", item.path("state").asText());
                assertEquals("bundles/", item.path("location").asText().substring(0, 8));
            }
        }
    }

    @Test
    public void unknownPathsAndMethodsAnswerProblemBodies() throws Exception {
        awaitJson(baseUrl(context) + "/api/health", Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        HttpResponse<String> missing = get(baseUrl(context) + "/api/no-such-thing");
        assertEquals(404, missing.statusCode());
        assertEquals("application/problem+json", missing.headers().firstValue("Content-Type").orElse(""));
        JsonNode body = JSON.readTree(missing.body());
        assertEquals(404, body.path("status").asInt());
        assertTrue(body.has("title") && body.has("detail") && body.has("type"));
    }

    /** Health remembers an UP answer for a second, but a bundle that changes state is reported at once. */
    @Test
    public void healthReportsABuiltInBundleStoppedAtOnce() throws Exception {
        String health = baseUrl(context) + "/api/health";
        awaitJson(health, Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        assertEquals(200, anonymous("GET", health).statusCode()); // the UP answer is now remembered
        Bundle transforms = java.util.Arrays.stream(context.getBundles())
                .filter(b -> "org.ferry.transforms".equals(b.getSymbolicName())).findFirst().orElseThrow();
        try {
            transforms.stop();
            HttpResponse<String> degraded = anonymous("GET", health);
            assertEquals(degraded.body(), 503, degraded.statusCode());
            JsonNode body = JSON.readTree(degraded.body());
            assertEquals("DEGRADED", body.path("status").asText());
            assertTrue(body.toString(), body.path("problems").toString().contains("org.ferry.transforms is RESOLVED"));
        } finally {
            transforms.start();
        }
        HttpResponse<String> up = anonymous("GET", health);
        assertEquals(up.body(), 200, up.statusCode());
    }

    /** JSON answers, problems among them, say their length, a long one too. */
    @Test
    public void answersCarryTheirLength() throws Exception {
        String base = baseUrl(context);
        awaitJson(base + "/api/health", Duration.ofSeconds(20), h -> "UP".equals(h.path("status").asText()));
        for (HttpResponse<String> answer : List.of(anonymous("GET", base + "/api/health"), get(base + "/api/transforms"),
                get(base + "/api/no-such-thing"), get(base + "/api/openapi.json"))) {
            String where = answer.request().uri() + " " + answer.headers().map();
            assertEquals(where, java.util.Optional.empty(), answer.headers().firstValue("Transfer-Encoding"));
            assertEquals(where, answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length,
                    answer.headers().firstValueAsLong("Content-Length").orElse(-1));
            JSON.readTree(answer.body());
        }
        // Jersey's own buffer was 8 KB: a longer answer went chunked, without its length
        assertTrue("openapi.json is longer than 8 KB", get(base + "/api/openapi.json").body().length() > 8192);
    }
}
