package org.ferry.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * What each scenario did and how long it took, appended to {@code target/faults-work/report.txt} and
 * printed: fault tests are only worth as much as the evidence they leave (seeds, kill points, timings).
 */
final class Report {
    private Report() {
    }

    static Path work(String scenario) {
        return Path.of(System.getProperty("ferry.work", "target/faults-work")).toAbsolutePath()
                .resolve(scenario + "-" + System.currentTimeMillis());
    }

    static void line(String scenario, String text) {
        String line = Instant.now() + " [" + scenario + "] " + text;
        System.out.println(line);
        Path file = Path.of(System.getProperty("ferry.work", "target/faults-work")).toAbsolutePath().resolve("report.txt");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, line + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
