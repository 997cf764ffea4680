package org.ferry.admin.internal.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.ferry.admin.internal.http.JsonMapperProvider;
import org.ferry.admin.internal.projects.ProjectCodeResource.ExportedTask;
import org.ferry.admin.internal.projects.ProjectCodeResource.ProjectExport;
import org.ferry.api.template.Deactivation;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Key-map and deactivating legs in projects as code: exported, imported back, and carried through role renames. */
class ProjectCodeTest {
    private static final ObjectMapper JSON = new JsonMapperProvider().mapper();
    private static final LegTemplate KEY_MAP_LEG = new LegTemplate("operations", "CustomersV3", "cds", "Account",
            List.of(FieldMapping.direct("Name", "OrganizationName")), null, List.of(), false, true);
    private static final LegTemplate DEACTIVATING_LEG = new LegTemplate("sales", "contact", "cds", "Contact",
            List.of(FieldMapping.direct("LastName", "lastname")), null, List.of("ContactNumber"), true, false,
            new Deactivation("statecode", "1"));

    @Test
    void theExportWritesKeyMapLikeTheOtherLegFlags() {
        LegTemplate byKey = new LegTemplate("sales", "account", "cds", "Account", List.of(), null, List.of(), false);
        String exported = ProjectCodeResource.stableJson(new ExportedTask("Customers",
                List.of(TaskJson.Leg.of(KEY_MAP_LEG), TaskJson.Leg.of(byKey))));

        // each leg flag on its own line, keyMap after deletes: a changed flag is a one-line diff
        assertTrue(Pattern.compile("\"deletes\" : false,\n +\"keyMap\" : true,\n").matcher(exported).find(), exported);
        assertTrue(Pattern.compile("\"deletes\" : false,\n +\"keyMap\" : false,\n").matcher(exported).find(), exported);
        assertEquals(exported, ProjectCodeResource.stableJson(new ExportedTask("Customers",
                List.of(TaskJson.Leg.of(KEY_MAP_LEG), TaskJson.Leg.of(byKey)))));
    }

    @Test
    void anExportImportsBackWithItsKeyMapLegs() throws Exception {
        String exported = ProjectCodeResource.stableJson(new ProjectExport(ProjectCodeResource.FORMAT, "Customers", null,
                0, Map.of("operations", "dynamics-operations", "cds", "cds"),
                List.of(new ExportedTask("Customers", List.of(TaskJson.Leg.of(KEY_MAP_LEG))))));

        ProjectExport read = JSON.readValue(exported, ProjectExport.class);
        ExportedTask task = read.tasks().get(0);
        LegTemplate leg = new TaskJson.TaskRequest(task.name(), task.legs(), null).task(null).legs().get(0);
        assertEquals(KEY_MAP_LEG, leg);
    }

    @Test
    void anExportFromBeforeKeyMapsImportsAsBusinessKeyLegs() throws Exception {
        String older = """
                {"format": 1, "name": "Accounts", "roles": {"sales": "dynamics-sales", "cds": "cds"},
                 "tasks": [{"name": "Accounts", "legs": [{"sourceRole": "sales", "sourceEntity": "account",
                   "targetRole": "cds", "targetEntity": "Account", "mappings": [], "filter": null,
                   "businessKey": [], "deletes": false}]}]}""";

        ExportedTask task = JSON.readValue(older, ProjectExport.class).tasks().get(0);
        LegTemplate leg = new TaskJson.TaskRequest(task.name(), task.legs(), null).task(null).legs().get(0);
        assertFalse(leg.keyMap());
        assertNull(leg.deactivation());
    }

    @Test
    void renamingRolesOnImportKeepsTheKeyMap() {
        LegTemplate renamed = ProjectCodeResource.renamed(KEY_MAP_LEG, Map.of("operations", "fno"));

        assertEquals("fno", renamed.sourceRole());
        assertEquals("cds", renamed.targetRole());
        assertTrue(renamed.keyMap());
        assertEquals(KEY_MAP_LEG.mappings(), renamed.mappings());
    }

    @Test
    void theExportWritesTheDeactivationOfEveryLeg() {
        String exported = ProjectCodeResource.stableJson(new ExportedTask("Contacts",
                List.of(TaskJson.Leg.of(DEACTIVATING_LEG), TaskJson.Leg.of(KEY_MAP_LEG))));

        // the last leg property, after the flags; a deleting leg writes null, so choosing one is a diff of that leg
        assertTrue(Pattern.compile("\"keyMap\" : false,\n +\"deactivate\" : \\{\n +\"field\" : \"statecode\",\n"
                + " +\"value\" : \"1\"\n +}\n").matcher(exported).find(), exported);
        assertTrue(Pattern.compile("\"keyMap\" : true,\n +\"deactivate\" : null\n").matcher(exported).find(), exported);
    }

    @Test
    void anExportImportsBackWithItsDeactivatingLegs() throws Exception {
        String exported = ProjectCodeResource.stableJson(new ProjectExport(ProjectCodeResource.FORMAT, "Contacts", null,
                0, Map.of("sales", "dynamics-sales", "cds", "cds"),
                List.of(new ExportedTask("Contacts", List.of(TaskJson.Leg.of(DEACTIVATING_LEG))))));

        ExportedTask task = JSON.readValue(exported, ProjectExport.class).tasks().get(0);
        assertEquals(DEACTIVATING_LEG, new TaskJson.TaskRequest(task.name(), task.legs(), null).task(null).legs().get(0));
    }

    @Test
    void renamingRolesOnImportKeepsTheDeactivation() {
        LegTemplate renamed = ProjectCodeResource.renamed(DEACTIVATING_LEG, Map.of("sales", "crm", "cds", "hub"));

        assertEquals("crm", renamed.sourceRole());
        assertEquals("hub", renamed.targetRole());
        assertTrue(renamed.deletes());
        assertEquals(new Deactivation("statecode", "1"), renamed.deactivation());
    }
}
