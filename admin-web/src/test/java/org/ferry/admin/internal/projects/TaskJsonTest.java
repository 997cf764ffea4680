package org.ferry.admin.internal.projects;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.ferry.admin.internal.http.JsonMapperProvider;
import org.ferry.admin.internal.http.ProblemException;
import org.ferry.admin.internal.projects.TaskJson.TaskRequest;
import org.ferry.admin.internal.projects.TaskJson.TaskView;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.template.Deactivation;
import org.ferry.api.template.LegTemplate;
import org.ferry.runtime.management.ProjectTask;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

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

    @Test
    void aDeactivatingLegIsReadIntoTheTemplateAndAnsweredBack() throws Exception {
        ProjectTask task = JSON.readValue(task(", \"deletes\": true, \"deactivate\": {\"field\": \"statecode\", \"value\": \"1\"}"),
                TaskRequest.class).task("t1");

        assertTrue(task.legs().get(0).deletes());
        assertEquals(new Deactivation("statecode", "1"), task.legs().get(0).deactivation());
        JsonNode answered = roundTrip(task).path("deactivate");
        assertEquals("statecode", answered.path("field").textValue(), answered.toString());
        assertEquals("1", answered.path("value").textValue(), answered.toString());
    }

    @Test
    void aLegWithoutDeactivateDeletesDownstreamAndAnswersNull() throws Exception {
        ProjectTask absent = JSON.readValue(task(", \"deletes\": true"), TaskRequest.class).task(null);
        ProjectTask explicit = JSON.readValue(task(", \"deletes\": true, \"deactivate\": null"), TaskRequest.class).task(null);

        assertNull(absent.legs().get(0).deactivation());
        assertNull(explicit.legs().get(0).deactivation());
        JsonNode answered = roundTrip(absent);
        // present and null, so a client sees the choice exists and that this leg deletes
        assertTrue(answered.has("deactivate") && answered.path("deactivate").isNull(), answered.toString());
    }

    @Test
    void aDeactivationNeedsAFieldAndAValueNamingTheOneMissing() {
        assertEquals(List.of(new FieldProblem("legs.0.deactivate.field", "is required")),
                refused(", \"deletes\": true, \"deactivate\": {\"value\": \"1\"}"));
        assertEquals(List.of(new FieldProblem("legs.0.deactivate.field", "is required")),
                refused(", \"deletes\": true, \"deactivate\": {\"field\": \" \", \"value\": \"1\"}"));
        assertEquals(List.of(new FieldProblem("legs.0.deactivate.value", "is required")),
                refused(", \"deletes\": true, \"deactivate\": {\"field\": \"statecode\", \"value\": \"\"}"));
        assertEquals(List.of(new FieldProblem("legs.0.deactivate.value", "is required")),
                refused(", \"deletes\": true, \"deactivate\": {\"field\": \"statecode\"}"));
    }

    @Test
    void aDeactivationWithoutDeletesIsRefusedRatherThanStoredUnused() {
        List<FieldProblem> problems = refused(", \"deactivate\": {\"field\": \"statecode\", \"value\": \"1\"}");

        assertEquals(1, problems.size());
        assertEquals("legs.0.deactivate", problems.get(0).field());
        assertTrue(problems.get(0).message().contains("\"deletes\": true"), problems.get(0).message());
        assertEquals(problems, refused(", \"deletes\": false, \"deactivate\": {\"field\": \"statecode\", \"value\": \"1\"}"));
    }

    @Test
    void aMisspelledDeactivationPropertyIsRefusedNamingIt() {
        UnrecognizedPropertyException refused = assertThrows(UnrecognizedPropertyException.class, () -> JSON.readValue(
                task(", \"deletes\": true, \"deactivate\": {\"feild\": \"statecode\", \"value\": \"1\"}"), TaskRequest.class));

        List<String> path = refused.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : Integer.toString(r.getIndex())).toList();
        assertEquals(List.of("legs", "0", "deactivate", "feild"), path);
    }

    private static List<FieldProblem> refused(String legExtra) {
        TaskRequest request = assertDoesNotThrow(() -> JSON.readValue(task(legExtra), TaskRequest.class));
        ProblemException problem = assertThrows(ProblemException.class, () -> request.task(null));
        assertEquals(422, problem.status());
        return problem.errors();
    }
}
