package org.ferry.runtime.internal.connectionsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.ProjectDraft;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.FieldMapping;
import org.junit.jupiter.api.Test;

class ConnectionSetManagerTest extends EngineFixture {

    private ConnectionSetInfo draft(String name, Map<String, String> connections, List<OrganizationMapping> mappings,
                                    Map<String, Map<String, List<String>>> keys) {
        return new ConnectionSetInfo("ignored", name, connections, mappings, keys, null, null);
    }

    @Test
    void aSetRoundTripsItsConnectionsMappingsAndKeys() {
        String s = connection("Sales", "dynamics-sales").id();
        String c = connection("CDS", "cds").id();
        ConnectionSetInfo created = sets.create(draft("Sandbox set #1 (dev)", Map.of("sales", s, "cds", c),
                List.of(new OrganizationMapping("USMF", Map.of("sales", "root-bu", "cds", "ORG001")),
                        new OrganizationMapping("DEMF", Map.of("cds", "ORG002"))),
                Map.of("sales", Map.of("account", List.of("accountnumber")))), ADMIN);

        assertTrue(!created.id().equals("ignored"));
        ConnectionSetInfo read = sets.get(created.id()).orElseThrow();
        assertEquals(created, read);
        assertEquals(Map.of("sales", s, "cds", c), read.connections());
        assertEquals(List.of("USMF", "DEMF"), read.organizationMappings().stream().map(OrganizationMapping::name).toList());
        assertEquals("ORG001", read.organizationMappings().get(0).unit("cds").orElseThrow());
        assertEquals(List.of("accountnumber"), read.integrationKey("sales", "account"));
        assertEquals(clock.instant(), read.createdAt());
        assertTrue(sets.list().contains(read));
        assertEquals("connectionset.create", auditFor("connectionset:" + created.id()).get(0).action());

        ConnectionSetInfo updated = sets.update(created.id(), draft("Renamed", Map.of("sales", s),
                List.of(), Map.of()), ADMIN);
        assertEquals(Map.of("sales", s), updated.connections());
        assertEquals(List.of(), updated.organizationMappings());
        assertEquals("connectionset.update", auditFor("connectionset:" + created.id()).get(0).action());
    }

    @Test
    void everyStructuralProblemIsNamed() {
        String s = connection("Sales", "dynamics-sales").id();
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> sets.create(draft("",
                Map.of("sales", s, "bad role!", s),
                List.of(new OrganizationMapping(" ", Map.of()), new OrganizationMapping("USMF", Map.of("operations", "USMF")),
                        new OrganizationMapping("USMF", Map.of("sales", " "))),
                Map.of("cds", Map.of("account", List.of("accountnumber")), "sales", Map.of("account", List.of(),
                        "contact", List.of("a", "a")))), ADMIN));
        Set<String> fields = e.problems().stream().map(FieldProblem::field).collect(Collectors.toSet());
        assertEquals(Set.of("name", "connections.bad role!", "organizationMappings[0].name",
                "organizationMappings[1].units.operations", "organizationMappings[2].name",
                "organizationMappings[2].units.sales", "integrationKeys.cds", "integrationKeys.sales.account",
                "integrationKeys.sales.contact"), fields);
    }

    @Test
    void connectionsMustExist() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> sets.create(draft("Ghost",
                Map.of("sales", "no-such-connection"), List.of(), Map.of()), ADMIN));
        assertEquals(List.of(new FieldProblem("connections.sales", "connection 'no-such-connection' does not exist")),
                e.problems());
        assertThrows(ConfigurationException.class, () -> sets.create(draft("Empty", Map.of(), List.of(), Map.of()), ADMIN));
        assertThrows(NotFoundException.class, () -> sets.update("nope", draft("X", Map.of("sales", "x"), List.of(),
                Map.of()), ADMIN));
    }

    @Test
    void aSetUsedByAProjectCannotBeDeletedNorLoseTheProjectsMapping() {
        String c = connection("CDS", "cds").id();
        ConnectionSetInfo set = sets.create(draft("Used", Map.of("cds", c),
                List.of(new OrganizationMapping("ORG", Map.of("cds", "ORG001"))), Map.of()), ADMIN);
        ProjectTask task = new ProjectTask(null, "Copy", List.of(new LegTemplate("cds", "Account", "cds", "Account2",
                List.of(FieldMapping.direct("name", "name")), null, List.of(), false)));
        ProjectInfo project = projects.create(new ProjectDraft("Uses the set", null, set.id(), "ORG", true,
                List.of(task)), ADMIN);

        ConflictException e = assertThrows(ConflictException.class, () -> sets.delete(set.id(), ADMIN));
        assertTrue(e.getMessage().contains("'Uses the set'"), e.getMessage());
        ConflictException m = assertThrows(ConflictException.class, () -> sets.update(set.id(), draft("Used",
                Map.of("cds", c), List.of(new OrganizationMapping("OTHER", Map.of("cds", "ORG002"))), Map.of()), ADMIN));
        assertTrue(m.getMessage().contains("'ORG'"), m.getMessage());

        projects.delete(project.id(), ADMIN);
        sets.delete(set.id(), ADMIN);
        assertTrue(sets.get(set.id()).isEmpty());
        assertEquals(List.of("connectionset.delete", "connectionset.create"),
                auditFor("connectionset:" + set.id()).stream().map(AuditEntry::action).toList());
    }

    @Test
    void aSetWithHundredsOfMappingsIsReadListedAndDeleted() {
        String c = connection("CDS", "cds").id();
        List<OrganizationMapping> many = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new OrganizationMapping("Organization mapping number " + i, Map.of("cds", "ORG-" + i + "-unit")));
        }
        ConnectionSetInfo set = sets.create(draft("Many mappings", Map.of("cds", c), many, Map.of()), ADMIN);

        assertEquals(1000, sets.get(set.id()).orElseThrow().organizationMappings().size());
        assertTrue(sets.list().stream().anyMatch(s -> s.id().equals(set.id())));
        sets.delete(set.id(), ADMIN);
        assertTrue(sets.get(set.id()).isEmpty());
    }

    @Test
    void listsInsideASetAreBoundedAndTheFieldIsNamed() {
        String c = connection("CDS", "cds").id();
        List<OrganizationMapping> tooMany = new java.util.ArrayList<>();
        for (int i = 0; i <= ConnectionSetRules.MAX_MAPPINGS; i++) {
            tooMany.add(new OrganizationMapping("M" + i, Map.of("cds", "ORG" + i)));
        }
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> sets.create(draft("Too many", Map.of("cds", c), tooMany, Map.of()), ADMIN));
        assertEquals("organizationMappings", e.problems().get(0).field());
        List<String> fields = new java.util.ArrayList<>();
        for (int i = 0; i <= ConnectionSetRules.MAX_KEY_FIELDS; i++) {
            fields.add("f" + i);
        }
        ConfigurationException k = assertThrows(ConfigurationException.class, () -> sets.create(draft("Wide key",
                Map.of("cds", c), List.of(), Map.of("cds", Map.of("Account", fields))), ADMIN));
        assertEquals("integrationKeys.cds.Account", k.problems().get(0).field());
    }

    @Test
    void namesAreUniqueWhateverTheirCase() {
        String c = connection("CDS", "cds").id();
        ConnectionSetInfo first = sets.create(draft("Unique Set", Map.of("cds", c), List.of(), Map.of()), ADMIN);
        assertThrows(ConflictException.class, () -> sets.create(draft("unique set ", Map.of("cds", c), List.of(), Map.of()), ADMIN));
        ConnectionSetInfo other = sets.create(draft("Other Set", Map.of("cds", c), List.of(), Map.of()), ADMIN);
        assertThrows(ConflictException.class, () -> sets.update(other.id(), draft("UNIQUE SET", Map.of("cds", c), List.of(),
                Map.of()), ADMIN));
        assertEquals("Unique set", sets.update(first.id(), draft("Unique set", Map.of("cds", c), List.of(), Map.of()), ADMIN)
                .name(), "a set may change the case of its own name");
    }
}
