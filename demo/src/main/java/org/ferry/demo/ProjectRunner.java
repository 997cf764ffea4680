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
        JsonNode errors = api.get("/api/runs/" + run.path("id").asText() + "/errors?limit=" + ERRORS_SHOWN);
        RunSummary.lines(project, run, errors).forEach(out::println);
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
