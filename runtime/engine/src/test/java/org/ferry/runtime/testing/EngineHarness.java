package org.ferry.runtime.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.ferry.api.connector.Connection;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.organization.ConnectionSetOrganizationMapper;
import org.ferry.runtime.internal.run.RunEnvironment;
import org.ferry.runtime.internal.run.RunManager;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Folders;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunService;

/**
 * The real run engine outside the framework, for tests and benchmarks: Ferry's store on Derby files in a folder
 * (a temporary one unless given), the connections a test holds (in-memory {@link MemorySystem}s, or real
 * connectors), the transforms it names, and its projects and connection sets. Nothing here changes how a run
 * works; it replaces what the framework would inject.
 *
 * <p>Published in the engine's test-jar (package {@code org.ferry.runtime.testing}, not part of the bundle), so
 * other modules' tests and the benchmarks run the engine without reaching into its packages.
 */
public final class EngineHarness implements AutoCloseable {
    /** Who starts the harness's runs. */
    public static final Actor TESTER = new Actor("tester", "admin");

    private final Path dir;
    private final boolean temporary;
    private final Database db;
    private final RunManager runs;
    private final Map<String, ProjectInfo> projects = new ConcurrentHashMap<>();
    private final Map<String, ConnectionSetInfo> sets = new ConcurrentHashMap<>();

    private EngineHarness(Builder b) throws IOException {
        this.temporary = b.dir == null;
        this.dir = temporary ? Files.createTempDirectory("ferry-engine-") : b.dir;
        try {
            this.db = b.store != null ? b.store.open(dir.resolve("data"), dir.resolve("conf"))
                    : new Database(dir.resolve("data"), dir.resolve("conf"));
        } catch (Exception e) {
            throw new IOException("cannot open Ferry's store in " + dir + ": " + e.getMessage(), e);
        }
        Function<String, Optional<ProjectInfo>> projectOf = b.projects != null ? b.projects
                : id -> Optional.ofNullable(projects.get(id));
        Function<String, Optional<ConnectionSetInfo>> setOf = b.sets != null ? b.sets
                : id -> Optional.ofNullable(sets.get(id));
        this.runs = new RunManager(new Environment(b), db, RunManager.ProjectSource.of(projectOf, setOf), 45);
    }

    /** @param dir the folder of Ferry's store, kept at close; {@code null} for a temporary one, deleted at close */
    public static Builder in(Path dir) {
        return new Builder(dir);
    }

    /** An engine over a temporary store. */
    public static Builder temporary() {
        return new Builder(null);
    }

    /** Adds or replaces a project the engine can run (unless the builder was given a project source). */
    public EngineHarness project(ProjectInfo project) {
        projects.put(project.id(), project);
        return this;
    }

    /** Adds or replaces a connection set (unless the builder was given a connection set source). */
    public EngineHarness connectionSet(ConnectionSetInfo set) {
        sets.put(set.id(), set);
        return this;
    }

    /** @return the engine's run service, as the admin API sees it */
    public RunService runs() {
        return runs;
    }

    /** Starts a run ({@code incremental} or {@code full}) and waits for its end. */
    public RunInfo run(String projectId, String mode, Duration timeout) throws InterruptedException {
        return runs.await(runs.start(projectId, mode, "manual", TESTER).id(), timeout);
    }

    /** @return Ferry's own database, for tests that look at what the engine stored */
    public Database database() {
        return db;
    }

    /** @return the folder of the store */
    public Path dir() {
        return dir;
    }

    /** Stops live runs at their next batch boundary, shuts the store down, and deletes a temporary folder. */
    @Override
    public void close() {
        runs.close();
        db.close();
        if (temporary) {
            try {
                Folders.deleteTree(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Opens Ferry's store for a data and a configuration folder (the engine's tests run it on PostgreSQL too). */
    @FunctionalInterface
    public interface StoreOpener {
        Database open(Path dataDir, Path confDir) throws Exception;
    }

    /** What the engine runs with. */
    public static final class Builder {
        private final Path dir;
        private final Map<String, Supplier<Connection>> connections = new HashMap<>();
        private final Map<String, String> types = new HashMap<>();
        private final Map<String, Transform> transforms = new HashMap<>();
        private Function<String, Connection> otherConnections = id -> null;
        private Function<String, Optional<ProjectInfo>> projects;
        private Function<String, Optional<ConnectionSetInfo>> sets;
        private StoreOpener store;

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** A connection the engine opens by calling the supplier (and closes after each run). */
        public Builder connection(String id, String connectorType, Supplier<Connection> open) {
            connections.put(id, open);
            types.put(id, connectorType);
            return this;
        }

        /** A connection held by the test, of connector type {@code memory}: every run gets this instance. */
        public Builder connection(String id, Connection connection) {
            return connection(id, "memory", () -> connection);
        }

        /** Connections not named otherwise, looked up when a run opens them ({@code null}: no such connection). */
        public Builder otherConnections(Function<String, Connection> lookup) {
            this.otherConnections = lookup;
            return this;
        }

        public Builder transforms(List<? extends Transform> list) {
            list.forEach(t -> transforms.put(t.type(), t));
            return this;
        }

        /** Where runs find their projects, read when a run starts; else those given to {@link #project}. */
        public Builder projects(Function<String, Optional<ProjectInfo>> source) {
            this.projects = source;
            return this;
        }

        /** Where runs find connection sets; else those given to {@link #connectionSet}. */
        public Builder connectionSets(Function<String, Optional<ConnectionSetInfo>> source) {
            this.sets = source;
            return this;
        }

        /** How the store of the data folder is opened; else embedded Derby in it. */
        public Builder store(StoreOpener opener) {
            this.store = opener;
            return this;
        }

        public EngineHarness start() throws IOException {
            return new EngineHarness(this);
        }
    }

    /** The plugins and connections of the harness, as the framework would give them. */
    private static final class Environment implements RunEnvironment {
        private final Builder b;

        Environment(Builder b) {
            this.b = b;
        }

        @Override
        public Optional<Transform> transform(String type) {
            return Optional.ofNullable(b.transforms.get(type));
        }

        @Override
        public Optional<OrganizationMapper> organizationMapper(String name) {
            return Optional.of(new ConnectionSetOrganizationMapper());
        }

        @Override
        public boolean deployed(String connectorType) {
            return true;
        }

        @Override
        public String connectorType(String connectionId) {
            return b.types.getOrDefault(connectionId, "memory");
        }

        @Override
        public Connection open(String connectionId) {
            Supplier<Connection> open = b.connections.get(connectionId);
            Connection c = open != null ? open.get() : b.otherConnections.apply(connectionId);
            if (c == null) {
                throw new org.ferry.api.error.ConfigurationException("connection", "no connection '" + connectionId
                        + "' in the test harness");
            }
            return c;
        }
    }
}
