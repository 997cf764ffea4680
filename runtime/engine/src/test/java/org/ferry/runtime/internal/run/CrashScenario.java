package org.ferry.runtime.internal.run;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.connectors.cds.internal.CdsConnectorFactory;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunService;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.runtime.testing.MemorySystem;

/**
 * One deterministic setup shared by the test and the child process it kills: a generated source of
 * accounts, the real CDS hub on Derby files under the folder, Ferry's store in the same folder.
 */
final class CrashScenario implements AutoCloseable {
    static final int ACCOUNTS = 3000;

    final EngineHarness engine;
    final RunService runs;
    final CdsConnectorFactory cds;
    final MemorySystem source = new MemorySystem();
    final ProjectInfo project;

    CrashScenario(Path dir, long pageDelayMillis) throws Exception {
        source.entity(new EntitySchema("account", "Account", List.of(FieldSchema.text("accountnumber", 20),
                FieldSchema.text("name", 160)), List.of(), List.of(), List.of("accountnumber"), null));
        for (int i = 0; i < ACCOUNTS; i++) {
            source.put(EntityRecord.builder("account").key(BusinessKey.of("accountnumber", key(i)))
                    .text("accountnumber", key(i)).text("name", "Account " + i).build());
        }
        source.pageDelayMillis = pageDelayMillis;
        cds = new CdsConnectorFactory(dir.resolve("data"));
        project = new ProjectInfo("p", "Accounts to hub", null, "s", "M", new Consent(true, "t", Instant.now(), "v"),
                List.of(new ProjectTask("t", "Accounts", List.of(new LegTemplate("sales", "account", "cds", "Account",
                        List.of(FieldMapping.direct("AccountId", "accountnumber"), FieldMapping.direct("Name", "name")),
                        null, List.of(), false)))), -1, Instant.now(), Instant.now());
        ConnectionSetInfo set = new ConnectionSetInfo("s", "Set", Map.of("sales", "c-sales", "cds", "c-hub"),
                List.of(new OrganizationMapping("M", Map.of("cds", "ORG001"))), Map.of(), null, null);
        engine = EngineHarness.in(dir).connection("c-sales", source)
                .connection("c-hub", "cds", () -> hub(dir))
                .projects(id -> Optional.of(project)).connectionSets(id -> Optional.of(set))
                .store(org.ferry.runtime.internal.TestStores::open).start();
        runs = engine.runs();
    }

    Connection hub(Path dir) {
        return cds.open(ConnectorConfig.of(Map.of("environment", "crash", "organizations", "ORG001")), new ConnectionContext() {
            @Override
            public String connectionId() {
                return "c-hub";
            }

            @Override
            public String connectionName() {
                return "hub";
            }

            @Override
            public Path workDirectory() {
                return dir.resolve("work");
            }

            @Override
            public boolean allowInsecureLoopback() {
                return false;
            }
        });
    }

    static String key(int i) {
        return String.format("ACC-%06d", i);
    }

    @Override
    public void close() {
        engine.close();
    }

    /** The child process: starts the run, says so, and waits to be killed. */
    public static void main(String[] args) throws Exception {
        CrashScenario scenario = new CrashScenario(Path.of(args[0]), 600);
        String runId = scenario.runs.start("p", "incremental", "manual",
                new org.ferry.runtime.management.Actor("child", "admin")).id();
        // announce the run only once it is writing, so the kill lands mid-run however slow the machine is
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && scenario.runs.get(runId).map(r -> r.tasks().isEmpty()
                || r.tasks().get(0).legs().get(0).inserted() == 0).orElse(true)) {
            Thread.sleep(50);
        }
        System.out.println("STARTED " + runId);
        System.out.flush();
        Thread.sleep(120_000);
    }
}
