package org.ferry.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.template.ConnectionRole;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.junit.jupiter.api.Test;

/** The catalogue's own rules: stable ids, roles that cover every leg, prerequisites that exist and come first. */
class TemplateCatalogueTest {
    private final List<ProjectTemplate> templates = new ProspectToCashTemplateProvider().templates();
    private final Map<String, ProjectTemplate> byId = templates.stream()
            .collect(Collectors.toMap(ProjectTemplate::id, t -> t));

    @Test
    void theProspectToCashAndBlankTemplatesHaveTheirStableIds() {
        assertEquals(List.of("p2c-accounts", "p2c-contacts", "p2c-products", "p2c-quotes", "p2c-orders-sales-to-fo",
                "p2c-orders-fo-to-sales", "p2c-invoices", "blank-sales-cds", "blank-cds-sales", "blank-cds-operations",
                "blank-operations-cds", "blank-sales-operations", "blank-operations-sales"),
                templates.stream().map(ProjectTemplate::id).toList());
        assertEquals(templates.size(), templates.stream().map(ProjectTemplate::name).distinct().count());
        assertEquals("Accounts (Sales to Fin and Ops)", byId.get("p2c-accounts").name());
        templates.forEach(t -> assertFalse(t.description() == null || t.description().isBlank(), t.id()));
    }

    @Test
    void theListIsBuiltOnce() {
        assertSame(new ProspectToCashTemplateProvider().templates(), new ProspectToCashTemplateProvider().templates());
    }

    @Test
    void prospectToCashTemplatesNeedTheThreeConnectionsByRoleAndType() {
        Map<String, String> expected = Map.of("sales", "dynamics-sales", "cds", "cds", "operations", "dynamics-operations");
        for (ProjectTemplate t : templates) {
            Map<String, String> roles = t.roles().stream()
                    .collect(Collectors.toMap(ConnectionRole::role, ConnectionRole::connectorType));
            roles.forEach((role, type) -> assertEquals(expected.get(role), type, t.id()));
            if (t.id().startsWith("p2c-")) {
                assertEquals(expected, roles, t.id());
            }
        }
    }

    @Test
    void everyLegUsesTheTemplatesRolesAndTwoLegTasksGoThroughTheHub() {
        for (ProjectTemplate t : templates) {
            Set<String> roles = t.roles().stream().map(ConnectionRole::role).collect(Collectors.toSet());
            Set<String> taskNames = new HashSet<>();
            for (TaskTemplate task : t.tasks()) {
                assertTrue(taskNames.add(task.name()), t.id() + ": task '" + task.name() + "' twice");
                assertTrue(task.legs().size() <= 2, task.name());
                for (LegTemplate leg : task.legs()) {
                    assertTrue(roles.contains(leg.sourceRole()) && roles.contains(leg.targetRole()), t.id() + " " + leg);
                    assertFalse(leg.sourceRole().equals(leg.targetRole()), task.name());
                    if (Roles.CDS.equals(leg.sourceRole())) {
                        // rules belong on the first leg, where the source evaluates them; the hub cannot
                        assertNull(leg.filter(), t.id() + " / " + task.name());
                    }
                }
                if (task.legs().size() == 2) {
                    LegTemplate first = task.legs().get(0);
                    LegTemplate second = task.legs().get(1);
                    assertEquals(Roles.CDS, first.targetRole(), task.name());
                    assertEquals(Roles.CDS, second.sourceRole(), task.name());
                    assertEquals(first.targetEntity(), second.sourceEntity(), task.name());
                }
            }
        }
    }

    @Test
    void prerequisitesExistAndComeEarlierInTheList() {
        for (int i = 0; i < templates.size(); i++) {
            for (String p : templates.get(i).prerequisites()) {
                int at = templates.indexOf(byId.get(p));
                assertTrue(at >= 0 && at < i, templates.get(i).id() + " needs " + p);
            }
        }
        assertTrue(byId.get("p2c-orders-sales-to-fo").prerequisites().contains("p2c-products"));
        assertTrue(byId.get("p2c-invoices").prerequisites().contains("p2c-orders-fo-to-sales"));
    }

    @Test
    void blankTemplatesHaveNoTasksAndEveryOtherTemplateHasSome() {
        for (ProjectTemplate t : templates) {
            assertEquals(t.id().startsWith("blank-"), t.tasks().isEmpty(), t.id());
        }
    }

    @Test
    void theProviderIsADeclarativeServicesComponent() throws Exception {
        Path descriptor = Path.of("target", "classes", "OSGI-INF",
                ProspectToCashTemplateProvider.class.getName() + ".xml");
        String xml = Files.readString(descriptor);
        assertTrue(xml.contains("org.ferry.api.template.TemplateProvider"), xml);
    }
}
