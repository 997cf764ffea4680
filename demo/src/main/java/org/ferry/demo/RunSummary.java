package org.ferry.demo;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A run as the demo prints it: the project and its status, then per task a table of its legs (what each read,
 * inserted, updated, left unchanged, skipped and failed), a line where a leg read more or fewer records than the
 * leg before it passed on, and the failed and skipped records. The label column is as wide as the longest label
 * up to {@value #LABEL_WIDTH_MAX} characters; a longer label gets a line of its own, so the columns line up at any
 * name length.
 */
final class RunSummary {
    static final int LABEL_WIDTH_MAX = 56;
    private static final String[] COUNTS = {"read", "inserted", "updated", "unchanged", "skipped", "failed"};
    private static final int COUNT_WIDTH = 10;

    private RunSummary() {
    }

    /**
     * @param project the project's name
     * @param run     {@code GET /api/runs/{id}}
     * @param errors  the first page of {@code GET /api/runs/{id}/errors}
     */
    static List<String> lines(String project, JsonNode run, JsonNode errors) {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add(project + " — " + run.path("status").asText());
        if (run.hasNonNull("message")) {
            out.add("  " + run.path("message").asText());
        }
        int width = labelWidth(run);
        for (JsonNode task : run.path("tasks")) {
            out.add("  " + task.path("name").asText());
            out.add("    " + pad("", width) + header());
            JsonNode previous = null;
            for (JsonNode leg : task.path("legs")) {
                String label = label(leg);
                if (label.length() > width) {
                    out.add("    " + label);
                    label = "";
                }
                out.add("    " + pad(label, width) + counts(leg));
                if (previous != null && !"SKIPPED".equals(leg.path("status").asText())) {
                    String why = whyCountsDiffer(previous, leg);
                    if (why != null) {
                        out.add("    " + why);
                    }
                }
                previous = leg;
            }
        }
        for (JsonNode e : errors.path("items")) {
            if ("run".equals(e.path("kind").asText())) {
                continue; // the run's message above already says it
            }
            String record = record(e);
            out.add("    " + pad(e.path("kind").asText(), 8) + (record.isEmpty() ? "" : record + "  ")
                    + (e.hasNonNull("field") ? e.path("field").asText() + ": " : "") + e.path("message").asText());
        }
        if (errors.path("next").isTextual()) {
            out.add("    … more in GET /api/runs/" + run.path("id").asText() + "/errors");
        }
        return out;
    }

    /**
     * A leg reads what its source holds (changed since its last run, on an incremental run), not what the leg
     * before it wrote, so their counts differ whenever the hub holds records of other projects or earlier runs.
     *
     * @return the sentence saying so, or {@code null} when the leg read what the one before it passed on
     */
    static String whyCountsDiffer(JsonNode before, JsonNode leg) {
        long passedOn = before.path("inserted").asLong() + before.path("updated").asLong();
        long read = leg.path("read").asLong();
        if (read == passedOn) {
            return null;
        }
        return "(read " + read + " where the step before wrote " + passedOn + ": a step reads what changed in its source"
                + " since its last run, whoever wrote it)";
    }

    /**
     * A record by its business key; one without, and any record of a key-map leg, by its source id; nothing for
     * what is not about one record (a leg's warning).
     */
    static String record(JsonNode error) {
        if (error.hasNonNull("businessKey")) {
            return error.path("businessKey").asText();
        }
        if (error.hasNonNull("sourceId")) {
            return "sourceId " + error.path("sourceId").asText();
        }
        String kind = error.path("kind").asText();
        return kind.equals("failed") || kind.equals("skipped") ? "(no key)" : "";
    }

    private static int labelWidth(JsonNode run) {
        int width = 0;
        for (JsonNode task : run.path("tasks")) {
            for (JsonNode leg : task.path("legs")) {
                int length = label(leg).length();
                if (length <= LABEL_WIDTH_MAX) {
                    width = Math.max(width, length);
                }
            }
        }
        return width;
    }

    private static String label(JsonNode leg) {
        return leg.path("source").asText() + " -> " + leg.path("target").asText();
    }

    private static String header() {
        StringBuilder s = new StringBuilder();
        for (String c : COUNTS) {
            s.append(String.format("%" + COUNT_WIDTH + "s", c));
        }
        return s.toString();
    }

    private static String counts(JsonNode leg) {
        StringBuilder s = new StringBuilder();
        for (String c : COUNTS) {
            s.append(String.format("%" + COUNT_WIDTH + "d", leg.path(c).asLong()));
        }
        return s.toString();
    }

    private static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }
}
