package org.ferry.runtime.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.connections.ConnectionManager;
import org.ferry.runtime.internal.connections.ConnectionOpener;
import org.ferry.runtime.internal.connectionsets.ConnectionSetManager;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.plugins.TestRegistries;
import org.ferry.runtime.internal.projects.ProjectManager;
import org.ferry.runtime.internal.schedules.ScheduleManager;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.ConnectionDraft;
import org.ferry.runtime.management.ConnectionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine's store services wired by hand over one Derby database per test class (creating a
 * database takes a second; tests use fresh ids, so they do not disturb each other).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class EngineFixture {
    protected static final Actor ADMIN = new Actor("alice", "admin");

    protected Path dataDir;
    protected Database database;
    protected ExtensionRegistry registry;
    protected final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T08:00:00Z"));
    protected final FakeConnectorFactory sales = new FakeConnectorFactory("dynamics-sales");
    protected final FakeConnectorFactory cds = new FakeConnectorFactory("cds");
    protected final FakeConnectorFactory operations = new FakeConnectorFactory("dynamics-operations");
    protected AuditTrail audit;
    protected ConnectionOpener opener;
    protected ConnectionManager connections;
    protected ConnectionSetManager sets;
    protected ProjectManager projects;
    protected ScheduleManager schedules;
    private final Map<String, Integer> names = new java.util.concurrent.ConcurrentHashMap<>();

    @BeforeAll
    void startStore() throws Exception {
        dataDir = Files.createTempDirectory("ferry-engine-test");
        database = new Database(dataDir.resolve("data"), dataDir.resolve("conf"));
        registry = new ExtensionRegistry();
        TestRegistries.addConnector(registry, sales);
        TestRegistries.addConnector(registry, cds);
        TestRegistries.addConnector(registry, operations);
        audit = new AuditTrail(database, clock);
        opener = new ConnectionOpener(database, registry, dataDir.resolve("data"), true);
        connections = new ConnectionManager(database, registry, opener, audit, clock);
        sets = new ConnectionSetManager(database, audit, clock);
        projects = new ProjectManager(database, registry, sets, opener, audit, clock);
        schedules = new ScheduleManager(database, audit, clock);
    }

    @AfterAll
    void stopStore() throws Exception {
        database.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A valid configuration of the fake connector types. */
    protected static Map<String, String> config(String secret) {
        return Map.of("baseUrl", "https://contoso.example.com/api", "clientId", "ferry", "clientSecret", secret);
    }

    /** A connection of a type; tests share one store, so a name used before gets a number (names are unique). */
    protected ConnectionInfo connection(String name, String type) {
        int n = names.merge(name.toLowerCase(java.util.Locale.ROOT), 1, Integer::sum);
        return connections.create(new ConnectionDraft(n == 1 ? name : name + " #" + n, type,
                config(FakeConnectorFactory.GOOD_SECRET)), ADMIN);
    }

    protected List<AuditEntry> auditFor(String subject) {
        return audit.entries(0, 1000).stream().filter(e -> subject.equals(e.subject())).toList();
    }

    /** @return "table.column" of every character column of every table that holds the text */
    protected List<String> tablesContaining(String text) {
        return Jdbc.read(database, c -> {
            List<String> found = new ArrayList<>();
            DatabaseMetaData meta = c.getMetaData();
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = meta.getColumns(null, "APP", null, null)) {
                while (rs.next()) {
                    int type = rs.getInt("DATA_TYPE");
                    if (type == Types.VARCHAR || type == Types.CHAR || type == Types.CLOB || type == Types.LONGVARCHAR) {
                        columns.add(new String[] {rs.getString("TABLE_NAME"), rs.getString("COLUMN_NAME")});
                    }
                }
            }
            for (String[] col : columns) {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + col[1] + " FROM " + col[0]);
                     ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String v = rs.getString(1);
                        if (v != null && v.contains(text)) {
                            found.add(col[0] + "." + col[1]);
                        }
                    }
                }
            }
            return found;
        });
    }

    protected int count(String sql, Object... args) {
        return Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
    }

    protected void execute(String sql, Object... args) {
        Jdbc.inTransaction(database, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    ps.setObject(i + 1, args[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

}
