package org.ferry.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConnectionDraft;
import org.ferry.runtime.management.ConnectionService;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectService;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunInfo;
import org.ferry.runtime.management.RunLegInfo;
import org.ferry.runtime.management.RunService;
import org.ferry.runtime.management.RunStatus;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * A two-leg project inside the real framework: CSV files (the partner connector, hot-deployed) → the
 * CDS hub → a second CDS environment, with a value map, a default, truncation, country codes and a
 * lookup through an integration key; then an incremental run after a change, through the services the
 * admin API uses.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TwoLegProjectIT extends FerryTestSupport {
    private static final Actor ADMIN = new Actor("it", "admin");
    private static final int ACCOUNTS = 100;

    @Inject
    private BundleContext context;
    @Inject
    private ConnectionService connections;
    @Inject
    private ConnectionSetService sets;
    @Inject
    private ProjectService projects;
    @Inject
    private RunService runs;

    @Configuration
    public Option[] config() throws Exception {
        return ferry();
    }

    @Test
    public void twoLegsRunAndAnIncrementalRunWritesOnlyTheChange() throws Exception {
        Path deploy = deployDir(context);
        Path staging = Files.createTempFile(deploy.getParent(), "csv", ".tmp");
        Files.copy(pluginJar(context, "partner-connector-csv.jar"), staging, StandardCopyOption.REPLACE_EXISTING);
        Files.move(staging, deploy.resolve("partner-connector-csv.jar"), StandardCopyOption.ATOMIC_MOVE);
        awaitService("(ferry.connector.type=csv-files)");

        Path files = Files.createDirectories(deploy.getParent().resolve("csv-source"));
        StringBuilder accounts = new StringBuilder("AccountNumber,Name,State,Country,Revenue\n");
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.append(String.format("ACC-%03d,Account %d of a name longer than fits,%s,%s,%d.75%n", i, i,
                    i % 2 == 0 ? "Alabama" : "Alaska", i % 3 == 0 ? "United States" : "DEU", 1000 + i));
        }
        accounts.append("ACC-999,Bad state,Atlantis,USA,1\n");
        Files.writeString(files.resolve("accounts.csv"), accounts);
        Files.writeString(files.resolve("contacts.csv"), "ContactNumber,LastName,AccountNumber\nCON-1,Smith,ACC-001\nCON-2,Jones,ACC-002\n");

        String csv = connections.create(new ConnectionDraft("Files", "csv-files", Map.of("directory", files.toString(),
                "entities", "accounts: key=AccountNumber; AccountNumber=text(20), Name=text, State=text, Country=text, Revenue=decimal"
                        + " | contacts: key=ContactNumber; ContactNumber=text(20), LastName=text, AccountNumber=text")), ADMIN).id();
        String hub = connections.create(new ConnectionDraft("Hub", "cds", Map.of("environment", "hub", "organizations", "ORG001")), ADMIN).id();
        String dest = connections.create(new ConnectionDraft("Copy", "cds", Map.of("environment", "copy", "organizations", "ORG001")), ADMIN).id();
        ConnectionSetInfo set = sets.create(new ConnectionSetInfo(null, "Files to hub to copy", Map.of("files", csv, "cds", hub, "copy", dest),
                List.of(new OrganizationMapping("Main", Map.of("cds", "ORG001", "copy", "ORG001"))),
                Map.of("cds", Map.of("Account", List.of("AccountId")), "copy", Map.of("Account", List.of("AccountId"))), null, null), ADMIN);

        List<FieldMapping> accountsToHub = List.of(
                FieldMapping.direct("AccountId", "AccountNumber"),
                new FieldMapping("Name", "Name", List.of(new TransformStep("Truncate", Map.of("length", 20)))),
                new FieldMapping("Address1_StateOrProvince", "State", List.of(TransformStep.valueMap(Map.of("Alabama", "AL", "Alaska", "AK")))),
                new FieldMapping("Address1_Country", "Country", List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha2")))),
                new FieldMapping("CustomerGroupId", null, List.of(TransformStep.defaultValue("10"))),
                FieldMapping.direct("CreditLimit", "Revenue"));
        List<FieldMapping> accountsToCopy = List.of(FieldMapping.direct("AccountId", "AccountId"), FieldMapping.direct("Name", "Name"),
                FieldMapping.direct("Address1_StateOrProvince", "Address1_StateOrProvince"),
                new FieldMapping("Address1_Country", "Address1_Country", List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha3")))),
                FieldMapping.direct("CustomerGroupId", "CustomerGroupId"), FieldMapping.direct("CreditLimit", "CreditLimit"));
        List<FieldMapping> contactsToHub = List.of(FieldMapping.direct("ContactId", "ContactNumber"),
                FieldMapping.direct("LastName", "LastName"), FieldMapping.direct("Account_AccountId", "AccountNumber"));
        List<FieldMapping> contactsToCopy = List.of(FieldMapping.direct("ContactId", "ContactId"),
                FieldMapping.direct("LastName", "LastName"), FieldMapping.direct("Account_AccountId", "Account_AccountId.AccountId"));
        ProjectInfo project = projects.create(new ProjectDraft("Accounts & contacts: files → hub → copy", null, set.id(), "Main", true,
                List.of(new ProjectTask(null, "Accounts", List.of(
                                new LegTemplate("files", "accounts", "cds", "Account", accountsToHub, null, List.of(), false),
                                new LegTemplate("cds", "Account", "copy", "Account", accountsToCopy, null, List.of(), false))),
                        new ProjectTask(null, "Contacts", List.of(
                                new LegTemplate("files", "contacts", "cds", "Contact", contactsToHub, null, List.of(), false),
                                new LegTemplate("cds", "Contact", "copy", "Contact", contactsToCopy, null, List.of(), false))))), ADMIN);
        assertEquals(List.of(), projects.validate(project.id()));

        RunInfo first = runs.await(runs.start(project.id(), "incremental", "api", ADMIN).id(), Duration.ofSeconds(120));
        assertEquals(first.message(), RunStatus.WARNING, first.status());
        RunLegInfo accountsLeg = first.tasks().get(0).legs().get(0);
        assertEquals(ACCOUNTS + 1, accountsLeg.read());
        assertEquals(ACCOUNTS, accountsLeg.inserted());
        assertEquals(1, accountsLeg.failed());
        RunErrorInfo error = runs.errors(first.id(), 0, 10).get(0);
        assertEquals("ACC-999", error.businessKey());
        assertTrue(error.message(), error.message().contains("Atlantis"));

        Map<String, EntityRecord> copied = read("copy", "Account");
        assertEquals(ACCOUNTS, copied.size());
        EntityRecord a0 = copied.get("ACC-000");
        assertEquals("Account 0 of a name ", a0.get("Name").asText());
        assertEquals("AL", a0.get("Address1_StateOrProvince").asText());
        assertEquals("USA", a0.get("Address1_Country").asText());
        assertEquals("DEU", copied.get("ACC-001").get("Address1_Country").asText());
        assertEquals("10", a0.get("CustomerGroupId").asText());
        Map<String, EntityRecord> contacts = read("copy", "Contact");
        assertEquals(2, contacts.size());
        assertEquals("ACC-001", contacts.get("CON-1").get("Account_AccountId").asText());

        String changed = Files.readString(files.resolve("accounts.csv")).replace("ACC-005,Account 5 of", "ACC-005,Renamed 5 of");
        Files.writeString(files.resolve("accounts.csv"), changed);
        RunInfo second = runs.await(runs.start(project.id(), "incremental", "api", ADMIN).id(), Duration.ofSeconds(120));
        // files have no change tracking: every row is read and the hashes find the one that changed
        RunLegInfo fromFiles = second.tasks().get(0).legs().get(0);
        assertEquals(fromFiles.toString(), ACCOUNTS + 1, fromFiles.read());
        assertEquals(fromFiles.toString(), 1, fromFiles.updated());
        assertEquals(fromFiles.toString(), ACCOUNTS - 1, fromFiles.unchanged());
        // the hub tracks changes: its checkpoint makes the second leg read only the changed record
        RunLegInfo fromHub = second.tasks().get(0).legs().get(1);
        assertEquals(fromHub.toString(), 1, fromHub.read());
        assertEquals(fromHub.toString(), 1, fromHub.updated());
        assertEquals(fromHub.toString(), 0, fromHub.inserted());
        assertEquals("Renamed 5 of a name ", read("copy", "Account").get("ACC-005").get("Name").asText());
    }

    private Map<String, EntityRecord> read(String environment, String entity) throws Exception {
        ConnectorFactory cds = context.getService(context.getServiceReferences(ConnectorFactory.class, "(ferry.connector.type=cds)")
                .iterator().next());
        Map<String, EntityRecord> result = new HashMap<>();
        try (Connection c = cds.open(ConnectorConfig.of(Map.of("environment", environment)), new TestContext(deployDir(context).getParent()));
             RecordReader reader = c.read(new ReadRequest(entity, List.of(),
                     new OrganizationUnit("ORG001", "ORG001", OrganizationUnit.Kind.ORGANIZATION, null), null, null, 500))) {
            List<EntityRecord> page;
            while ((page = reader.nextPage()) != null) {
                page.stream().filter(r -> !r.deleted()).forEach(r -> result.put(r.key().asText(), r));
            }
        }
        return result;
    }

    private void awaitService(String filter) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            Collection<ServiceReference<ConnectorFactory>> refs = context.getServiceReferences(ConnectorFactory.class, filter);
            if (!refs.isEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no service " + filter);
    }

    private record TestContext(Path work) implements ConnectionContext {
        @Override
        public String connectionId() {
            return "it-reader";
        }

        @Override
        public String connectionName() {
            return "it reader";
        }

        @Override
        public Path workDirectory() {
            return work.resolve("reader");
        }

        @Override
        public boolean allowInsecureLoopback() {
            return false;
        }
    }
}
