package org.ferry.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documents a user of the repository reads point only at what the repository holds, and say what they must:
 * what to install, what is built in and what is an example, and how to build an example.
 */
class ReadmeTest {
    private static final Path ROOT = Path.of(System.getProperty("ferry.root", "../..")).toAbsolutePath().normalize();

    @Test
    void everyLinkOfEveryDocumentPointsAtAFileOfTheRepository() throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            for (String link : Readme.localLinks(text)) {
                if (!link.isEmpty() && !Files.exists(doc.getParent().resolve(link).normalize())) {
                    broken.add(ROOT.relativize(doc) + " → " + link);
                }
            }
            assertFalse(text.contains("DESIGN.md"), ROOT.relativize(doc) + " names DESIGN.md, which a clone does not have");
            assertFalse(text.contains("shared folder") || text.contains("shared/reference"),
                    ROOT.relativize(doc) + " points at a shared folder a clone does not have");
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void theReadmeNamesEveryPrerequisiteAndWhatIsBuiltInRatherThanAnExample() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        String needs = section(readme, "### What you need");
        for (String tool : List.of("curl", "jq", "JDK 21", "Maven 3.8", "bash")) {
            assertTrue(needs.contains(tool), "prerequisites name " + tool + ":\n" + needs);
        }
        String intro = readme.substring(0, readme.indexOf("### What you need"));
        String builtIn = intro.substring(intro.indexOf("(Dynamics 365"), intro.indexOf("built in"));
        assertFalse(builtIn.contains("CSV"), "CSV is not built in: " + builtIn);
        assertTrue(intro.contains("examples/partner-connector"), "CSV folders are the partner-connector example");
        assertTrue(readme.contains("docs/architecture.md"), "the README points at the architecture document");
    }

    @Test
    void eachExampleSaysHowToBuildItWithOneCommand() throws IOException {
        for (String example : List.of("partner-transform", "partner-connector")) {
            String text = Files.readString(ROOT.resolve("examples/" + example + "/README.md"));
            assertTrue(text.contains("./ferry build examples/" + example), example + "'s README says how to build it");
        }
    }

    private static String section(String markdown, String heading) {
        int start = markdown.indexOf(heading);
        assertTrue(start >= 0, "no section " + heading);
        int end = markdown.indexOf("\n#", start + heading.length());
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    private static List<Path> documents() throws IOException {
        List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        for (String dir : List.of("docs", "examples/partner-transform", "examples/partner-connector", "admin-web", "sandbox",
                "templates", "connectors-cds", "benchmarks")) {
            try (Stream<Path> files = Files.list(ROOT.resolve(dir))) {
                files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
            }
        }
        return docs;
    }
}
