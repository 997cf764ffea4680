package org.ferry.runtime.internal.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * An empty store at the current schema, made when the engine is built and shipped in the bundle: a new data folder
 * gets a copy of it instead of a database created and migrated on the spot. Creating Derby's files and applying the
 * migrations took about a second of every first start; unpacking takes a few milliseconds. The copy is then opened
 * and migrated like any store, so a template older than the code only has the newer scripts applied.
 */
final class EmptyStore {
    static final String RESOURCE = "empty-store.zip";

    private EmptyStore() {
    }

    /** @return whether the shipped empty store was unpacked at {@code location}, which did not exist */
    static boolean unpack(Path location) throws IOException {
        if (Files.exists(location)) {
            return false;
        }
        try (InputStream in = EmptyStore.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return false; // a build without it (the engine's own tests): created as before
            }
            Path partial = location.resolveSibling(location.getFileName() + ".unpacking");
            Folders.deleteTree(partial);
            try (ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    Path target = partial.resolve(e.getName()).normalize();
                    if (!target.startsWith(partial)) {
                        throw new IOException("the shipped empty store names a file outside it: " + e.getName());
                    }
                    if (e.isDirectory()) {
                        Files.createDirectories(target);
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(zip, target);
                    }
                }
            }
            Files.move(partial, location, StandardCopyOption.ATOMIC_MOVE);
            return true;
        }
    }

    /** Build time: makes the empty store in a temporary folder and writes it to the zip named by {@code args[0]}. */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        Path work = Files.createTempDirectory("ferry-empty-store");
        try {
            System.setProperty("derby.stream.error.file", work.resolve("derby.log").toString());
            Path db = work.resolve("data").resolve("db");
            // Derby and the migrations only: not through Database, which would unpack a zip of an earlier build found
            // on the classpath, and seal the store-key check with this build's throwaway key (a user's first start
            // seals it with theirs)
            org.apache.derby.jdbc.EmbeddedDataSource derby = new org.apache.derby.jdbc.EmbeddedDataSource();
            derby.setDatabaseName(db.toString());
            derby.setCreateDatabase("create");
            try (java.sql.Connection c = derby.getConnection()) {
                Migrations.apply(c, org.ferry.store.Dialect.DERBY);
            }
            org.apache.derby.jdbc.EmbeddedDataSource shutdown = new org.apache.derby.jdbc.EmbeddedDataSource();
            shutdown.setDatabaseName(db.toString());
            shutdown.setShutdownDatabase("shutdown");
            try {
                shutdown.getConnection().close();
            } catch (java.sql.SQLException expected) {
                // Derby answers a clean shutdown with an exception
            }
            Files.createDirectories(out.getParent());
            try (OutputStream file = Files.newOutputStream(out); ZipOutputStream zip = new ZipOutputStream(file);
                 Stream<Path> files = Files.walk(db)) {
                for (Path p : files.sorted().toList()) {
                    String name = db.relativize(p).toString().replace('\\', '/');
                    // lock files belong to a running database, which this one no longer is
                    if (name.isEmpty() || name.endsWith(".lck")) {
                        continue;
                    }
                    if (Files.isDirectory(p)) {
                        zip.putNextEntry(new ZipEntry(name + "/"));
                    } else {
                        zip.putNextEntry(new ZipEntry(name));
                        Files.copy(p, zip);
                    }
                    zip.closeEntry();
                }
            }
        } finally {
            Folders.deleteTree(work);
        }
    }
}
