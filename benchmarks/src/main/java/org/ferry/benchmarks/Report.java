package org.ferry.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * One run's figures: the keys of results.json (compared by script across runs) and a markdown report
 * written as the scenarios finish, so a failure late in the run still leaves the earlier figures.
 */
final class Report {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final StringBuilder markdown = new StringBuilder();
    private final Path dir;

    Report(Path dir) {
        this.dir = dir;
    }

    /** @return where results.json and report.md go; the scenarios' JFR recordings are kept there too */
    Path dir() {
        return dir;
    }

    void put(String key, Object value) {
        values.put(key, value instanceof Double d ? round(d) : value);
    }

    Object get(String key) {
        return values.get(key);
    }

    void line(String text) {
        markdown.append(text).append('\n');
        System.out.println(text);
        System.out.flush();
    }

    void section(String title) {
        line("");
        line("## " + title);
        line("");
    }

    /** A profile as a markdown table of shares. */
    void profile(String title, Map<String, Double> shares) {
        Double samples = shares.get("(samples)");
        line("");
        line("*" + title + "* (JFR execution samples, " + (samples == null ? 0 : samples.intValue()) + " samples"
                + " across all threads; owner → kind of work):");
        line("");
        line("| activity | share of CPU samples |");
        line("|---|---:|");
        shares.forEach((k, v) -> {
            if (!k.equals("(samples)")) {
                line("| " + k + " | " + pct(v) + " |");
            }
        });
    }

    void write() throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(dir.resolve("results.json"), json.writeValueAsString(values) + "\n");
        Files.writeString(dir.resolve("report.md"), markdown.toString());
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    static String num(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : v >= 10 ? "%.1f" : "%.3f", v);
    }

    private static double round(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
        }
        return Math.round(d * 1000) / 1000.0;
    }
}
