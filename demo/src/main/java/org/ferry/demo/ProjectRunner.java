package org.ferry.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Creates the Prospect-to-Cash projects from the deployed templates (with consent), runs them in the
 * order their prerequisites ask, and prints what each moved and why records failed.
 */
final class ProjectRunner {
    private static final int ERRORS_SHOWN = 10;

    private final AdminClient api;
    private final PrintStream out;

    ProjectRunner(AdminClient api, PrintStream out) {
        this.api = api;
        this.out = out;
    }

    /** @return the final run of each project, in run order */
    List<JsonNode> runAll(String connectionSet) throws InterruptedException {
        List<JsonNode> templates = ordered(api.list("/api/templates").stream().map(t -> t.path("template"))
                .filter(t -> t.path("id").asText().startsWith("p2c-")).toList());
        if (templates.isEmpty()) {
            throw new AdminClient.DemoException("no Prospect-to-Cash templates are deployed");
        }
        List<JsonNode> runs = new ArrayList<>();
        for (JsonNode template : templates) {
            String projectId = project(template, connectionSet);
            JsonNode started = api.post("/api/projects/" + projectId + "/runs", Map.of("mode", "incremental"));
            JsonNode run = await(started.path("id").asText());
            print(template.path("name").asText(), run);
            runs.add(run);
        }
        return runs;
    }

    private String project(JsonNode template, String connectionSet) {
        String name = template.path("name").asText();
        for (JsonNode p : api.list("/api/projects")) {
            if (name.equals(p.path("name").asText())) {
                return p.path("id").asText();
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("template", template.path("id").asText());
        body.put("connectionSet", connectionSet);
        body.put("organizationMapping", "USMF");
        body.put("consent", Map.of("accepted", true));
        return api.post("/api/projects", body).path("id").asText();
    }

    private JsonNode await(String runId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30 * 60_000L;
        while (System.currentTimeMillis() < deadline) {
            JsonNode run = api.get("/api/runs/" + runId);
            String status = run.path("status").asText();
            if (!status.equals("QUEUED") && !status.equals("RUNNING")) {
                return run;
            }
            Thread.sleep(250);
        }
        throw new AdminClient.DemoException("run " + runId + " did not finish within 30 minutes");
    }

    private void print(String project, JsonNode run) {
        out.printf("%n%s — %s%n", project, run.path("status").asText());
        if (run.hasNonNull("message")) {
            out.println("  " + run.path("message").asText());
        }
        for (JsonNode task : run.path("tasks")) {
            out.println("  " + task.path("name").asText());
            for (JsonNode leg : task.path("legs")) {
                out.printf("    %-46s read %6d  inserted %6d  updated %6d  unchanged %6d  skipped %4d  failed %4d%n",
                        leg.path("source").asText() + " -> " + leg.path("target").asText(), leg.path("read").asLong(),
                        leg.path("inserted").asLong(), leg.path("updated").asLong(), leg.path("unchanged").asLong(),
                        leg.path("skipped").asLong(), leg.path("failed").asLong());
            }
        }
        JsonNode errors = api.get("/api/runs/" + run.path("id").asText() + "/errors?limit=" + ERRORS_SHOWN);
        for (JsonNode e : errors.path("items")) {
            out.printf("    %-7s %-22s %s%s%n", e.path("kind").asText(), e.path("businessKey").asText("(no key)"),
                    e.hasNonNull("field") ? e.path("field").asText() + ": " : "", e.path("message").asText());
        }
        if (errors.path("next").isTextual()) {
            out.println("    … more in GET /api/runs/" + run.path("id").asText() + "/errors");
        }
    }

    /** Prerequisites first (a depth-first topological order), otherwise as listed. */
    static List<JsonNode> ordered(List<JsonNode> templates) {
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        templates.forEach(t -> byId.put(t.path("id").asText(), t));
        List<JsonNode> result = new ArrayList<>();
        for (String id : byId.keySet()) {
            visit(id, byId, result, new ArrayList<>());
        }
        return result;
    }

    private static void visit(String id, Map<String, JsonNode> byId, List<JsonNode> result, List<String> path) {
        JsonNode t = byId.get(id);
        if (t == null || result.contains(t) || path.contains(id)) {
            return;
        }
        path.add(id);
        for (JsonNode prerequisite : t.path("prerequisites")) {
            visit(prerequisite.asText(), byId, result, path);
        }
        result.add(t);
    }
}
