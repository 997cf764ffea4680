package org.ferry.admin.internal.projects;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ferry.admin.internal.http.JsonMapperProvider;
import org.ferry.admin.internal.projects.TaskJson.TaskRequest;
import org.ferry.admin.internal.projects.TaskJson.TaskView;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ProjectTask;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;

/** The task JSON as the API reads and writes it, through the API's own mapper (unknown fields refused). */
class TaskJsonTest {
    private static final ObjectMapper JSON = new JsonMapperProvider().mapper();

    private static String task(String legExtra) {
        return """
                {"name": "Customers", "legs": [{"sourceRole": "operations", "sourceEntity": "CustomersV3",
                  "targetRole": "cds", "targetEntity": "Account",
                  "mappings": [{"target": "Name", "source": "OrganizationName"}]%s}]}""".formatted(legExtra);
    }

    private static JsonNode roundTrip(ProjectTask stored) throws Exception {
        return JSON.readTree(JSON.writeValueAsString(TaskView.of(stored))).path("legs").path(0);
    }

    @Test
    void aKeyMapLegIsReadIntoTheTemplateAndAnsweredBack() throws Exception {
        ProjectTask task = JSON.readValue(task(", \"keyMap\": true"), TaskRequest.class).task("t1");

        LegTemplate leg = task.legs().get(0);
        assertTrue(leg.keyMap());
        assertEquals("Name", leg.mappings().get(0).target());
        JsonNode answered = roundTrip(task);
        assertTrue(answered.path("keyMap").isBoolean(), answered.toString());
        assertTrue(answered.path("keyMap").booleanValue());
    }

    @Test
    void aLegWithoutKeyMapIsMatchedByBusinessKeyAndSaysSo() throws Exception {
        ProjectTask task = JSON.readValue(task(", \"businessKey\": [\"AccountNumber\"]"), TaskRequest.class).task(null);

        assertFalse(task.legs().get(0).keyMap());
        assertEquals(List.of("AccountNumber"), task.legs().get(0).businessKey());
        JsonNode answered = roundTrip(task);
        assertTrue(answered.path("keyMap").isBoolean(), answered.toString());
        assertFalse(answered.path("keyMap").booleanValue());
        assertFalse(JSON.readValue(task(", \"keyMap\": false"), TaskRequest.class).task(null).legs().get(0).keyMap());
    }

    @Test
    void aKeyMapThatIsNotABooleanIsRefusedNamingTheField() {
        InvalidFormatException refused = assertThrows(InvalidFormatException.class,
                () -> JSON.readValue(task(", \"keyMap\": \"sometimes\""), TaskRequest.class));

        List<String> path = refused.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex())).toList();
        assertEquals(List.of("legs", "0", "keyMap"), path);
    }
}
