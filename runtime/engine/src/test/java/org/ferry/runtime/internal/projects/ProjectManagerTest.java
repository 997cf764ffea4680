package org.ferry.runtime.internal.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.ConnectionRole;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.internal.FakeConnectorFactory;
import org.ferry.runtime.internal.plugins.TestRegistries;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.management.ScheduleInfo;
import org.ferry.runtime.management.ValidationProblem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ProjectManagerTest extends EngineFixture {
    private static final LegTemplate SALES_TO_OPS = new LegTemplate("sales", "account", "operations", "CustomersV3",
            List.of(FieldMapping.direct("CustomerAccount", "accountnumber"),
                    new FieldMapping("CustomerGroupId", null, List.of(TransformStep.defaultValue("10"))),
                    new FieldMapping("Name", "name", List.of(new TransformStep("Truncate", Map.of("length", 60))))),
            null, List.of("CustomerAccount"), false);

    @BeforeAll
    void templates() {
        TestRegistries.addTemplates(registry, () -> List.of(new ProjectTemplate("two-role", "Accounts (Sales to Fin and Ops)",
                null, List.of(new ConnectionRole("sales", "dynamics-sales"),
                        new ConnectionRole("operations", "dynamics-operations")),
                List.of(new TaskTemplate("Accounts", List.of(SALES_TO_OPS)),
                        new TaskTemplate("Contacts", List.of(new LegTemplate("sales", "contact", "operations",
                                "ContactPersons", List.of(FieldMapping.direct("Name", "fullname")), null, null, false)))),
                List.of())));
    }

    private ConnectionSetInfo set(Map<String, String> roleToType, String... mappings) {
        Map<String, String> connectionsByRole = new LinkedHashMap<>();
        roleToType.forEach((role, type) -> connectionsByRole.put(role, connection(role + " connection", type).id()));
        List<OrganizationMapping> orgs = Arrays.stream(mappings).map(m -> new OrganizationMapping(m, Map.of())).toList();
        return sets.create(new ConnectionSetInfo(null, "Set " + System.nanoTime(), connectionsByRole, orgs, Map.of(), null, null), ADMIN);
    }

    private ConnectionSetInfo threeConnections() {
        return set(Map.of("sales", "dynamics-sales", "cds", "cds", "operations", "dynamics-operations"), "USMF");
    }

    private static ProjectTask task(String name, String sourceRole, String targetRole) {
        return new ProjectTask(null, name, List.of(new LegTemplate(sourceRole, "account", targetRole, "Account",
                List.of(FieldMapping.direct("accountnumber", "accountnumber")), null, null, false)));
    }

    @Test
    void withoutConsentNoProjectIsCreated() {
        ConnectionSetInfo set = threeConnections();
        int audited = audit.entries(0, 1000).size();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("No consent", "two-role", set.id(), "USMF", false, null), ADMIN));
        assertEquals(List.of("consent"), e.problems().stream().map(FieldProblem::field).toList());
        assertTrue(e.problems().get(0).message().startsWith("consent is required"), e.getMessage());
        assertTrue(projects.list().stream().noneMatch(p -> p.name().equals("No consent")));
        assertEquals(audited, audit.entries(0, 1000).size());
    }

    @Test
    void consentIsRecordedAndAudited() {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("Accounts", "two-role", set.id(), "USMF", true, null), ADMIN);

        assertEquals(new Consent(true, "alice", clock.instant(), Consent.TEXT_VERSION), p.consent());
        assertEquals(p, projects.get(p.id()).orElseThrow());
        List<AuditEntry> entries = auditFor("project:" + p.id());
        assertEquals(List.of("project.create", "consent.accept"), entries.stream().map(AuditEntry::action).toList());
        assertTrue(entries.get(1).detail().contains(Consent.TEXT_VERSION));
        assertEquals("alice", entries.get(1).actor());
    }

    @Test
    void aThreeConnectionSetServesATwoRoleTemplate() {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("From template", "two-role", set.id(), "USMF", true, null), ADMIN);
        assertEquals("two-role", p.template());
        assertEquals(List.of("Accounts", "Contacts"), p.tasks().stream().map(ProjectTask::name).toList());
        assertTrue(p.tasks().stream().allMatch(t -> t.id() != null && !t.id().isBlank()));
        assertFalse(p.tasks().get(0).id().equals(p.tasks().get(1).id()));
        LegTemplate leg = p.tasks().get(0).legs().get(0);
        assertEquals("CustomersV3", leg.targetEntity());
        assertEquals(new BigDecimal("60"), leg.mappings().get(2).transforms().get(0).parameters().get("length"));
        assertEquals(-1, p.errorTolerance());
    }

    @Test
    void aSetWithoutATemplateRoleIsRefusedNamingIt() {
        ConnectionSetInfo set = set(Map.of("sales", "dynamics-sales", "cds", "cds"), "USMF");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("Missing", "two-role", set.id(), "USMF", true, null), ADMIN));
        assertEquals("connectionSet", e.problems().get(0).field());
        assertTrue(e.problems().get(0).message().startsWith(
                "the connection set has no 'operations' connection of type dynamics-operations"), e.getMessage());
    }

    @Test
    void aConnectionOfTheWrongTypeIsRefused() {
        ConnectionSetInfo set = set(Map.of("sales", "dynamics-sales", "operations", "cds"), "USMF");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("Wrong type", "two-role", set.id(), "USMF", true, null), ADMIN));
        assertEquals(List.of(new FieldProblem("connectionSet", "the connection set's 'operations' connection is of type"
                + " cds, but template 'two-role' needs type dynamics-operations in that role")), e.problems());
    }

    @Test
    void referencesAreChecked() {
        ConnectionSetInfo set = threeConnections();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("Bad refs", "no-such-template", set.id(), "DEMF", true, null), ADMIN));
        assertEquals(List.of("organizationMapping", "template"), e.problems().stream().map(FieldProblem::field).toList());
        e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("No mapping", "two-role", set.id(), null, true, null), ADMIN));
        assertTrue(e.problems().get(0).message().contains("USMF"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("No set", null, "no-such-set", null, true, null), ADMIN));
        assertEquals("connectionSet", e.problems().get(0).field());
        ConnectionSetInfo unmapped = set(Map.of("cds", "cds"));
        e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("Needless mapping", null, unmapped.id(), "USMF", true, null), ADMIN));
        assertEquals("organizationMapping", e.problems().get(0).field());
        assertNotNull(projects.create(new ProjectDraft("No mapping needed", null, unmapped.id(), null, true, null), ADMIN));
    }

    @Test
    void namesMayHoldAnyPrintableCharacters() {
        ConnectionSetInfo set = threeConnections();
        String name = "Konten → Kunden: «Prospect-to-Cash» #1 (ünïcødé) 😀 & <b>";
        assertEquals(name, projects.create(new ProjectDraft(name, null, set.id(), "USMF", true, null), ADMIN).name());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("two\nlines", null, set.id(), "USMF", true, null), ADMIN));
        assertEquals("name", e.problems().get(0).field());
    }

    @Test
    void tasksAreAddedMovedRenamedAndDeleted() {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("Tasks", null, set.id(), "USMF", true,
                List.of(task("A", "sales", "cds"), task("B", "cds", "operations"))), ADMIN);
        ProjectTask c = projects.addTask(p.id(), task("C", "sales", "cds"), 0, ADMIN);
        assertEquals(List.of("C", "A", "B"), names(p.id()));

        ProjectTask a = projects.get(p.id()).orElseThrow().tasks().get(1);
        projects.updateTask(p.id(), a.id(), task("A2", "sales", "cds"), 2, ADMIN);
        assertEquals(List.of("C", "B", "A2"), names(p.id()));
        assertEquals(a.id(), projects.get(p.id()).orElseThrow().tasks().get(2).id(), "the id survives a move");

        projects.updateTask(p.id(), c.id(), task("C", "sales", "operations"), null, ADMIN);
        assertEquals(List.of("C", "B", "A2"), names(p.id()));
        assertEquals("operations", projects.get(p.id()).orElseThrow().tasks().get(0).legs().get(0).targetRole());

        ConfigurationException dup = assertThrows(ConfigurationException.class,
                () -> projects.addTask(p.id(), task("B", "sales", "cds"), null, ADMIN));
        assertTrue(dup.getMessage().contains("already named 'B'"), dup.getMessage());
        ConfigurationException roles = assertThrows(ConfigurationException.class,
                () -> projects.addTask(p.id(), task("D", "crm", "cds"), null, ADMIN));
        assertEquals(List.of("legs[0].sourceRole"), roles.problems().stream().map(FieldProblem::field).toList());
        ConfigurationException pos = assertThrows(ConfigurationException.class,
                () -> projects.addTask(p.id(), task("E", "sales", "cds"), 9, ADMIN));
        assertEquals("position", pos.problems().get(0).field());
        ConfigurationException empty = assertThrows(ConfigurationException.class,
                () -> projects.addTask(p.id(), new ProjectTask(null, "F", List.of(new LegTemplate("sales", " ", "cds",
                        "Account", List.of(new FieldMapping("x", null, null), FieldMapping.direct("x", "y")), null, null,
                        false))), null, ADMIN));
        assertEquals(List.of("legs[0].sourceEntity", "legs[0].mappings[0]", "legs[0].mappings[1].target"),
                empty.problems().stream().map(FieldProblem::field).toList());

        projects.deleteTask(p.id(), c.id(), ADMIN);
        assertEquals(List.of("B", "A2"), names(p.id()));
        assertThrows(NotFoundException.class, () -> projects.deleteTask(p.id(), c.id(), ADMIN));
        assertEquals(List.of("task.delete", "task.update", "task.update", "task.create"),
                auditFor("project:" + p.id()).stream().map(AuditEntry::action).limit(4).toList());
    }

    @Test
    void transformParametersAndNullSourcesRoundTrip() {
        ConnectionSetInfo set = threeConnections();
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("list", Arrays.asList(1, "b", null, 2.5));
        nested.put("flag", false);
        Map<String, Object> params = Map.of("length", 10, "ratio", 0.25, "big", 12345678901L, "grouping", true,
                "valueMap", Map.of("Alabama", "AL", "", "XX"), "nested", nested);
        ProjectTask task = new ProjectTask(null, "Params", List.of(new LegTemplate("sales", "account", "cds", "Account",
                List.of(new FieldMapping("kind", null, List.of(TransformStep.defaultValue("1"))),
                        new FieldMapping("name", "name", List.of(new TransformStep("Custom", params)))),
                "statecode eq 0", List.of("accountnumber"), true)));
        ProjectInfo p = projects.create(new ProjectDraft("Params", null, set.id(), "USMF", true, List.of(task)), ADMIN);
        ProjectInfo read = projects.get(p.id()).orElseThrow();
        assertEquals(p, read);

        LegTemplate leg = read.tasks().get(0).legs().get(0);
        assertEquals(null, leg.mappings().get(0).source());
        assertEquals("statecode eq 0", leg.filter());
        assertTrue(leg.deletes());
        Map<String, Object> back = leg.mappings().get(1).transforms().get(0).parameters();
        assertEquals(new BigDecimal("10"), back.get("length"));
        assertEquals(new BigDecimal("0.25"), back.get("ratio"));
        assertEquals(new BigDecimal("12345678901"), back.get("big"));
        assertEquals(Boolean.TRUE, back.get("grouping"));
        assertEquals(Map.of("Alabama", "AL", "", "XX"), back.get("valueMap"));
        Map<?, ?> nestedBack = (Map<?, ?>) back.get("nested");
        assertEquals(Arrays.asList(new BigDecimal("1"), "b", null, new BigDecimal("2.5")), nestedBack.get("list"));
        assertEquals(Boolean.FALSE, nestedBack.get("flag"));
    }

    @Test
    void aProjectWithALiveRunCannotBeDeleted() {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("Running", null, set.id(), "USMF", true, null), ADMIN);
        schedules.put(p.id(), new ScheduleInfo(1, "hours", Instant.parse("2026-01-01T00:00:00Z"), null, true, null, null),
                ADMIN);
        execute("INSERT INTO project_locks(project_id, run_id) VALUES (?, ?)", p.id(), "run-1");
        ConflictException e = assertThrows(ConflictException.class, () -> projects.delete(p.id(), ADMIN));
        assertTrue(e.getMessage().contains("'Running'"), e.getMessage());

        execute("DELETE FROM project_locks WHERE project_id = ?", p.id());
        projects.delete(p.id(), ADMIN);
        assertTrue(projects.get(p.id()).isEmpty());
        assertTrue(schedules.get(p.id()).isEmpty(), "the schedule goes with the project");
        assertEquals("project.delete", auditFor("project:" + p.id()).get(0).action());
    }

    @Test
    void updateKeepsTasksAndChecksTheNewSet() {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("Update", "two-role", set.id(), "USMF", true, null), ADMIN);
        ProjectInfo renamed = projects.update(p.id(), "Updated ✓", null, null, 0, ADMIN);
        assertEquals("Updated ✓", renamed.name());
        assertEquals(0, renamed.errorTolerance());
        assertEquals(p.tasks(), renamed.tasks());
        assertEquals(p.consent(), renamed.consent());

        ConnectionSetInfo small = set(Map.of("sales", "dynamics-sales", "cds", "cds"), "USMF");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> projects.update(p.id(), null, small.id(), null, 0, ADMIN));
        assertTrue(e.getMessage().contains("'operations'"), e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> projects.update(p.id(), null, null, null, -5, ADMIN));
        assertEquals("errorTolerance", e.problems().get(0).field());
    }

    @Test
    void validateDelegatesToTheRunChecksOnlyWhenTheStructureHolds() {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("Validate", "two-role", set.id(), "USMF", true, null), ADMIN);
        assertEquals(List.of(), projects.validate(p.id()));

        AtomicInteger calls = new AtomicInteger();
        ProjectChecks checks = project -> {
            calls.incrementAndGet();
            return List.of(new ValidationProblem("Accounts", "sales:account -> operations:CustomersV3", "Name",
                    "field 'Name' does not exist in CustomersV3"));
        };
        projects.bindChecks(checks);
        try {
            assertEquals("Name", projects.validate(p.id()).get(0).field());
            assertEquals(1, calls.get());

            FakeConnectorFactory leaving = new FakeConnectorFactory("leaving");
            var ref = TestRegistries.addConnector(registry, leaving);
            ConnectionSetInfo gone = set(Map.of("sales", "leaving", "operations", "dynamics-operations"), "USMF");
            ProjectInfo q = projects.create(new ProjectDraft("Gone", null, gone.id(), "USMF", true,
                    List.of(task("T", "sales", "operations"))), ADMIN);
            TestRegistries.removeConnector(registry, ref);
            List<ValidationProblem> problems = projects.validate(q.id());
            assertEquals(List.of(new ValidationProblem(null, null, "connections.sales",
                    "connector type 'leaving' is not deployed (role 'sales')")), problems);
            assertEquals(1, calls.get(), "the run checks are not asked about a project that cannot even open");
        } finally {
            projects.unbindChecks(checks);
        }
        assertEquals(List.of(), projects.validate(p.id()));
        assertThrows(NotFoundException.class, () -> projects.validate("nope"));
    }

    @Test
    void concurrentTaskEditsAreNotLost() throws Exception {
        ConnectionSetInfo set = threeConnections();
        ProjectInfo p = projects.create(new ProjectDraft("Busy", null, set.id(), "USMF", true, null), ADMIN);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "T" + i;
            threads.add(Thread.ofPlatform().start(() -> projects.addTask(p.id(), task(name, "sales", "cds"), 0, ADMIN)));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(8, projects.get(p.id()).orElseThrow().tasks().size());
    }

    private List<String> names(String projectId) {
        return new ArrayList<>(projects.get(projectId).orElseThrow().tasks().stream().map(ProjectTask::name).toList());
    }

    @Test
    void aFilterIsCheckedWhenTheTaskIsSavedAndNamesAreUnique() {
        ConnectionSetInfo set = threeConnections();
        ProjectTask deep = new ProjectTask(null, "Deep", List.of(new LegTemplate("sales", "account", "cds", "Account",
                List.of(FieldMapping.direct("accountnumber", "accountnumber")), "(".repeat(10_000) + "a eq 1"
                + ")".repeat(10_000), null, false)));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> projects.create(
                new ProjectDraft("Deep filter", null, set.id(), "USMF", true, List.of(deep)), ADMIN));
        assertEquals("tasks[0].legs[0].filter", e.problems().get(0).field());

        String name = "Unique project " + System.nanoTime();
        ProjectInfo p = projects.create(new ProjectDraft(name, null, set.id(), "USMF", true, null), ADMIN);
        assertThrows(ConflictException.class, () -> projects.create(new ProjectDraft(" " + name.toUpperCase(java.util.Locale.ROOT),
                null, set.id(), "USMF", true, null), ADMIN));
        ProjectInfo q = projects.create(new ProjectDraft(name + " 2", null, set.id(), "USMF", true, null), ADMIN);
        assertThrows(ConflictException.class, () -> projects.update(q.id(), name.toLowerCase(java.util.Locale.ROOT), null,
                null, -1, ADMIN));
        assertEquals(p.id(), projects.get(p.id()).orElseThrow().id());
    }
}
