package org.ferry.launcher;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Sends the console to {@code data/logs/console.log} as well: what SLF4J logs goes to {@code ferry.log} through
 * Logback (rolled by size and day, lib/logback.xml), but the framework's own messages and java.util.logging
 * (Jersey, HK2) write to standard error or output, and a copy of those two streams keeps them without configuring
 * each. The file is rotated at start once it passes a size, keeping a few generations. The logs name users,
 * addresses and systems: the folder and both files are the server user's alone (0700, 0600), including the files
 * Logback rolls later, which it creates with the process's default permissions inside that folder.
 */
final class LogFile {
    private static final long ROTATE_AT = 20L * 1024 * 1024;
    private static final int GENERATIONS = 5;

    private LogFile() {
    }

    static Path install(Path logsDir) throws IOException {
        Files.createDirectories(logsDir);
        ownerOnlyFolder(logsDir);
        Path log = logsDir.resolve("console.log");
        rotate(log);
        ownerOnly(log);
        // created before Logback opens it, so it never exists with wider permissions
        ownerOnly(logsDir.resolve("ferry.log"));
        OutputStream file = new FileOutputStream(log.toFile(), true);
        System.setOut(new PrintStream(new Tee(System.out, file), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(System.err, file), true, StandardCharsets.UTF_8));
        return log;
    }

    private static void ownerOnlyFolder(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system: the data folder's own protection applies
        }
    }

    /**
     * The log names users, addresses and systems: readable by the server's user only. Created with its
     * permissions, so there is no moment in which another user could open it.
     */
    private static void ownerOnly(Path log) throws IOException {
        try {
            if (Files.exists(log)) {
                Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("rw-------"));
            } else {
                Files.createFile(log, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            }
        } catch (UnsupportedOperationException e) {
            // no POSIX permissions on this file system: the folder's own protection applies
        }
    }

    private static void rotate(Path log) throws IOException {
        if (!Files.exists(log) || Files.size(log) < ROTATE_AT) {
            return;
        }
        for (int i = GENERATIONS - 1; i >= 1; i--) {
            Path from = log.resolveSibling("console.log." + i);
            if (Files.exists(from)) {
                Files.move(from, log.resolveSibling("console.log." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(log, log.resolveSibling("console.log.1"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Writes to the console and the file; the file lock keeps lines of both streams whole. */
    private static final class Tee extends OutputStream {
        private final OutputStream console;
        private final OutputStream file;

        Tee(OutputStream console, OutputStream file) {
            this.console = console;
            this.file = file;
        }

        @Override
        public void write(int b) throws IOException {
            synchronized (file) {
                console.write(b);
                file.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (file) {
                console.write(b, off, len);
                file.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            synchronized (file) {
                console.flush();
                file.flush();
            }
        }
    }
}
