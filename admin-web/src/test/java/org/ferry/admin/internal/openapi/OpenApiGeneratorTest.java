package org.ferry.admin.internal.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;

import org.ferry.admin.internal.projects.KeyMapResource;
import org.ferry.admin.internal.projects.TaskResource;
import org.junit.jupiter.api.Test;

/** The OpenAPI document describes the key-map routes and the leg's keyMap and deactivate from the classes themselves. */
class OpenApiGeneratorTest {
    private static final String KEY_MAP = "/projects/{projectId}/tasks/{taskId}/legs/{leg}/key-map";

    private final Map<String, Object> doc = OpenApiGenerator.generate(List.of(TaskResource.class, KeyMapResource.class), "1.0.0");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            assertNotNull(current, "missing before '" + key + "'");
            current = ((Map<String, Object>) current).get(key);
        }
        assertNotNull(current, "missing " + String.join("/", keys));
        return (Map<String, Object>) current;
    }

    @Test
    void theKeyMapRoutesCarryTheirRolesAndParameters() {
        Map<String, Object> get = at(doc, "paths", KEY_MAP, "get");
        Map<String, Object> delete = at(doc, "paths", KEY_MAP, "delete");

        assertEquals("viewer", get.get("x-required-role"));
        assertEquals("admin", delete.get("x-required-role"));
        assertEquals(List.of("projectId", "taskId", "leg", "sourceId", "offset", "limit"), names(get));
        assertEquals(List.of("projectId", "taskId", "leg", "sourceId"), names(delete));
        assertEquals(Map.of("type", "integer", "format", "int32"), parameters(get).stream()
                .filter(p -> p.get("name").equals("leg")).findFirst().orElseThrow().get("schema"));
    }

    @Test
    void theSchemasDescribeKeyMapEntriesTheForgottenCountAndTheLegOptions() {
        Map<String, Object> entry = at(doc, "components", "schemas", "KeyMapEntry", "properties");
        Map<String, Object> leg = at(doc, "components", "schemas", "Leg", "properties");
        Map<String, Object> forgotten = at(doc, "components", "schemas", "Forgotten", "properties");

        assertEquals(List.of("sourceOrganization", "sourceId", "targetId", "targetOrganization", "runId", "updatedAt"),
                List.copyOf(entry.keySet()));
        assertEquals(Map.of("type", "boolean"), leg.get("keyMap"));
        assertEquals(Map.of("$ref", "#/components/schemas/Deactivate"), leg.get("deactivate"));
        assertEquals(List.of("field", "value"),
                List.copyOf(at(doc, "components", "schemas", "Deactivate", "properties").keySet()));
        assertEquals(Map.of("type", "integer", "format", "int32"), forgotten.get("forgotten"));
    }

    private static List<String> names(Map<String, Object> operation) {
        return parameters(operation).stream().map(p -> (String) p.get("name")).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parameters(Map<String, Object> operation) {
        return (List<Map<String, Object>>) operation.get("parameters");
    }
}
