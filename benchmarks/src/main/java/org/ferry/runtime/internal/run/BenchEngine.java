package org.ferry.runtime.internal.run;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import org.ferry.api.connector.Connection;
import org.ferry.api.organization.OrganizationMapper;
import org.ferry.api.transform.Transform;
import org.ferry.runtime.internal.organization.ConnectionSetOrganizationMapper;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.RunInfo;

/**
 * The real run engine (RunManager over Ferry's Derby store) outside OSGi, for the benchmarks: connections
 * by id, transforms by type, one project and its connection set. It lives in the engine's package because
 * the engine's constructor for this use is package-private, as tests use it; nothing here changes how a
 * run works.
 */
public final class BenchEngine implements AutoCloseable {
    private static final Actor BENCH = new Actor("bench", "admin");

    private final Database db;
    private final RunManager runs;

    /**
     * @param connections connection id → a supplier opening it (the engine closes what it opens)
     * @param types       connection id → connector type
     */
    public BenchEngine(Path dir, Map<String, Supplier<Connection>> connections, Map<String, String> types,
                       List<Transform> transforms, ProjectInfo project, ConnectionSetInfo set) throws Exception {
        db = new Database(dir.resolve("data"), dir.resolve("conf"));
        runs = new RunManager(new RunEnvironment() {
            @Override
            public Optional<Transform> transform(String type) {
                return transforms.stream().filter(t -> t.type().equals(type)).findFirst();
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
                return types.get(connectionId);
            }

            @Override
            public Connection open(String connectionId) {
                return connections.get(connectionId).get();
            }
        }, db, new RunManager.ProjectSource() {
            @Override
            public Optional<ProjectInfo> project(String id) {
                return Optional.of(project).filter(p -> p.id().equals(id));
            }

            @Override
            public Optional<ConnectionSetInfo> connectionSet(String id) {
                return Optional.of(set).filter(s -> s.id().equals(id));
            }
        }, 45);
    }

    /** Runs the project to its end and returns how it ended. */
    public RunInfo run(String projectId, boolean full, Duration timeout) throws InterruptedException {
        String id = runs.start(projectId, full ? "full" : "incremental", "manual", null, BENCH).id();
        return runs.await(id, timeout);
    }

    /** The run's errors grouped by cause, as {@code GET /api/runs/{id}/errors/groups} reads them. */
    public List<org.ferry.runtime.management.RunErrorGroup> errorGroups(String runId) {
        return runs.errorGroups(runId, 100);
    }

    /** The run's errors matching the words, as a search by business key reads them; with the total. */
    public long findErrors(String runId, String words, List<org.ferry.runtime.management.RunErrorInfo> page) {
        org.ferry.runtime.management.RunErrorQuery q = new org.ferry.runtime.management.RunErrorQuery(null, null, null,
                words, null, null);
        page.addAll(runs.errors(runId, q, 0, 50));
        return runs.errorCount(runId, q);
    }

    /** Every error of the run, in order, as the CSV export reads them. */
    public void eachError(String runId, java.util.function.Consumer<org.ferry.runtime.management.RunErrorInfo> sink) {
        runs.eachError(runId, org.ferry.runtime.management.RunErrorQuery.all(), sink);
    }

    /** @return the run's current state (counts grow while it runs) */
    public Optional<RunInfo> get(String runId) {
        return runs.get(runId);
    }

    @Override
    public void close() {
        runs.close();
        db.close();
    }
}
