package org.ferry.runtime.internal.plugins;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ferry.runtime.internal.cluster.Membership;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreTimers;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugins uploaded through the API reach every node: the jar is kept in the store ({@code plugins}), and every node
 * brings its deploy folder in line with the store every few seconds, writing the jars it lacks (the folder's watcher
 * then installs them as any dropped file) and removing those the store no longer has. Only files that came from the
 * store are removed: a node's own deploy folder stays its own, and a file dropped there by hand is never touched.
 * Each node reports what became of every stored plugin on it ({@code plugin_nodes}), so the plugin list says where
 * each one is active.
 */
@Component(service = StoredPlugins.class)
public class StoredPlugins {
    private static final Logger LOG = LoggerFactory.getLogger(StoredPlugins.class);
    /** Framework property: milliseconds between two looks at the store (default 2000). */
    static final String SYNC = "ferry.plugins.syncMillis";
    /** The files of the deploy folder that came from the store, with their digests (in the data folder). */
    static final String LEDGER = "stored-plugins.properties";

    private final Database db;
    private final Membership membership;
    private final BundleContext context;
    private final DeployFolder folder;
    private final Path ledgerFile;
    private final ScheduledExecutorService timer = StoreTimers.of("ferry-plugin-sync", 1);
    private final Object syncing = new Object();
    private volatile boolean warned;

    @Activate
    public StoredPlugins(@Reference Database db, @Reference Membership membership, BundleContext context) {
        this.db = db;
        this.membership = membership;
        this.context = context;
        this.folder = DeployFolder.of(context);
        String data = context.getProperty("ferry.data");
        this.ledgerFile = Path.of(data == null ? "data" : data).resolve(LEDGER);
        long period = parse(context.getProperty(SYNC));
        timer.scheduleWithFixedDelay(this::syncQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        StoreTimers.stop(timer, java.time.Duration.ofSeconds(30));
    }

    /**
     * Runs an upload's placing of its file in the deploy folder and its {@link #stored} with no look at the store in
     * between. A look that began while the file was being placed found it differing from the store's copy of the same
     * file name (the plugin's previous version) and wrote that copy back over it; {@link #stored} then read the old
     * bytes from the folder and kept them under the new version, on every node (seen once in {@code PluginSafetyIT}: an
     * update under the same file name stayed at its old version).
     */
    <T> T uploading(java.util.function.Supplier<T> upload) {
        synchronized (syncing) {
            return upload.get();
        }
    }

    /** Keeps an uploaded plugin in the store, for the other nodes; its file is in this node's deploy folder already. */
    void stored(String symbolicName, String version, Path file, String uploadedBy) {
        synchronized (syncing) {
            String sha;
            try {
                sha = sha256(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the uploaded plugin " + file.getFileName() + ": " + e.getMessage(), e);
            }
            Jdbc.inTransaction(db, c -> {
                try (PreparedStatement del = c.prepareStatement("DELETE FROM plugins WHERE symbolic_name = ? OR file_name = ?")) {
                    del.setString(1, symbolicName);
                    del.setString(2, file.getFileName().toString());
                    del.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugins(symbolic_name, file_name, version, sha256,"
                        + " content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?)");
                     InputStream in = Files.newInputStream(file)) {
                    ps.setString(1, symbolicName);
                    ps.setString(2, file.getFileName().toString());
                    ps.setString(3, version);
                    ps.setString(4, sha);
                    ps.setBinaryStream(5, in, Files.size(file));
                    ps.setString(6, uploadedBy);
                    ps.setTimestamp(7, Timestamp.from(Instant.now()));
                    ps.executeUpdate();
                } catch (IOException e) {
                    throw new IllegalStateException("cannot read the uploaded plugin: " + e.getMessage(), e);
                }
                return null;
            });
            Properties ledger = ledger();
            ledger.setProperty(file.getFileName().toString(), sha);
            saveLedger(ledger);
        }
    }

    /** @return whether the store held the plugin; every node removes its file at its next look */
    boolean removed(String symbolicName) {
        synchronized (syncing) {
            return Jdbc.inTransaction(db, c -> {
                try (PreparedStatement nodes = c.prepareStatement("DELETE FROM plugin_nodes WHERE symbolic_name = ?");
                     PreparedStatement ps = c.prepareStatement("DELETE FROM plugins WHERE symbolic_name = ?")) {
                    nodes.setString(1, symbolicName);
                    nodes.executeUpdate();
                    ps.setString(1, symbolicName);
                    return ps.executeUpdate() > 0;
                }
            });
        }
    }

    /** @return per stored plugin's symbolic name, the UP nodes that report it active */
    Map<String, List<String>> activeNodes() {
        return Jdbc.read(db, c -> {
            Map<String, List<String>> result = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT p.symbolic_name, p.node FROM plugin_nodes p"
                    + " JOIN cluster_nodes n ON n.id = p.node JOIN plugins s ON s.symbolic_name = p.symbolic_name"
                    + " AND s.sha256 = p.sha256 WHERE p.state = 'ACTIVE' AND n.last_seen_at >= "
                    + db.dialect().secondsFromNow(-membership.settings().lease().toSeconds())
                    + " ORDER BY p.symbolic_name, p.node");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return result;
        });
    }

    String node() {
        return membership.node();
    }

    private void syncQuietly() {
        try {
            sync();
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                LOG.warn("Plugins kept in the store could not be brought to this node: {}", e.getMessage());
                warned = true;
            }
        }
    }

    /** One look: this node's deploy folder in line with the store, and what became of each plugin reported. */
    void sync() {
        synchronized (syncing) {
            record Row(String symbolicName, String fileName, String sha) {
            }
            List<Row> rows = Jdbc.read(db, c -> {
                List<Row> found = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT symbolic_name, file_name, sha256 FROM plugins");
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3).trim()));
                    }
                }
                return found;
            });
            Properties ledger = ledger();
            boolean changed = false;
            Map<String, String> problems = new HashMap<>();
            for (Row row : rows) {
                Path target = folder.dir().resolve(row.fileName());
                String local = digestOrNull(target);
                if (row.sha().equals(local)) {
                    changed |= !row.sha().equals(ledger.put(row.fileName(), row.sha()));
                    continue;
                }
                if (local != null && !ledger.containsKey(row.fileName())) {
                    problems.put(row.symbolicName(), "this node's deploy folder has its own " + row.fileName()
                            + ", which is kept; remove it to take the uploaded plugin");
                    continue;
                }
                write(row.symbolicName(), row.fileName(), target);
                ledger.setProperty(row.fileName(), row.sha());
                changed = true;
            }
            List<String> inStore = rows.stream().map(Row::fileName).toList();
            for (String fileName : List.copyOf(ledger.stringPropertyNames())) {
                if (inStore.contains(fileName)) {
                    continue;
                }
                Path file = folder.dir().resolve(fileName);
                if (ledger.getProperty(fileName).equals(digestOrNull(file))) {
                    try {
                        Files.deleteIfExists(file);
                        LOG.info("Plugin file {} removed: the plugin was removed from the cluster", fileName);
                    } catch (IOException e) {
                        LOG.warn("Plugin file {} could not be removed: {}", fileName, e.getMessage());
                        continue;
                    }
                }
                ledger.remove(fileName);
                changed = true;
            }
            if (changed) {
                saveLedger(ledger);
            }
            report(rows.stream().map(r -> new String[] {r.symbolicName(), r.sha()}).toList(), problems);
        }
    }

    private void write(String symbolicName, String fileName, Path target) {
        Jdbc.read(db, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT content FROM plugins WHERE symbolic_name = ?")) {
                ps.setString(1, symbolicName);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return null;
                    }
                    Path stagingDir = Files.createDirectories(folder.dir().resolveSibling(folder.dir().getFileName() + ".staging"));
                    Path staging = Files.createTempFile(stagingDir, "stored-", ".jar");
                    try (InputStream in = rs.getBinaryStream(1); OutputStream out = Files.newOutputStream(staging)) {
                        in.transferTo(out);
                    }
                    Files.createDirectories(folder.dir());
                    try {
                        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(staging, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    LOG.info("Plugin {} brought from the store to {}", symbolicName, target.getFileName());
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot write plugin " + fileName + ": " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** Records, per stored plugin, its state on this node. */
    private void report(List<String[]> plugins, Map<String, String> problems) {
        Jdbc.inTransaction(db, c -> {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM plugin_nodes WHERE node = ?")) {
                del.setString(1, membership.node());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO plugin_nodes(symbolic_name, node, sha256, state,"
                    + " error, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (String[] p : plugins) {
                    Optional<Bundle> bundle = bundle(p[0]);
                    ps.setString(1, p[0]);
                    ps.setString(2, membership.node());
                    ps.setString(3, p[1]);
                    ps.setString(4, bundle.map(b -> BundleInventory.stateName(b.getState())).orElse("PENDING"));
                    ps.setString(5, problems.get(p[0]));
                    ps.setTimestamp(6, Timestamp.from(Instant.now()));
                    ps.addBatch();
                }
                if (!plugins.isEmpty()) {
                    ps.executeBatch();
                }
            }
            return null;
        });
    }

    private Optional<Bundle> bundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName()) && folder.fileOf(b).isPresent()) {
                return Optional.of(b);
            }
        }
        return Optional.empty();
    }

    private Properties ledger() {
        Properties p = new Properties();
        if (Files.exists(ledgerFile)) {
            try (InputStream in = Files.newInputStream(ledgerFile)) {
                p.load(in);
            } catch (IOException e) {
                LOG.warn("The list of plugins from the store ({}) cannot be read: {}", ledgerFile, e.getMessage());
            }
        }
        return p;
    }

    private void saveLedger(Properties ledger) {
        try {
            Files.createDirectories(ledgerFile.getParent());
            Path tmp = ledgerFile.resolveSibling(LEDGER + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                ledger.store(out, "deploy-folder files that came from the store (Ferry writes this file)");
            }
            Files.move(tmp, ledgerFile, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("The list of plugins from the store ({}) cannot be written: {}", ledgerFile, e.getMessage());
        }
    }

    private static String digestOrNull(Path file) {
        try {
            return Files.isRegularFile(file) ? sha256(file) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long parse(String value) {
        try {
            return value == null ? 2000 : Math.max(100, Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return 2000;
        }
    }
}
