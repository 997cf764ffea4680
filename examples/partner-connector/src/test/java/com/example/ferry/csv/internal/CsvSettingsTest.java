package com.example.ferry.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvSettingsTest {
    private final CsvConnectorFactory factory = new CsvConnectorFactory();

    private static ConnectorConfig config(String... keyValues) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ConnectorConfig.of(m);
    }

    private List<FieldProblem> problems(String... keyValues) {
        return factory.validate(config(keyValues));
    }

    @Test
    void parsesTheDeclarationSyntax() {
        CsvSettings s = CsvSettings.from(config("directory", "/srv/drop", "entities",
                "# customers and their orders\n"
                        + "customers: key=CustomerAccount; CustomerAccount=text(20), CreditLimit=decimal(2),"
                        + " Since=date, Active=boolean\n\n"
                        + "lines : key = OrderId + Line ; OrderId=text, Line=integer; Amount=decimal, At=datetime"
                        + " | tags: key=Tag; Tag=TEXT"));
        assertEquals(3, s.entities().size());
        EntitySchema customers = s.entities().get("customers").schema();
        assertEquals(List.of("CustomerAccount"), customers.businessKey());
        assertEquals(20, customers.field("CustomerAccount").orElseThrow().maxLength());
        assertTrue(customers.field("CustomerAccount").orElseThrow().required());
        assertEquals(2, customers.field("CreditLimit").orElseThrow().scale());
        assertEquals(ValueType.DATE, customers.field("Since").orElseThrow().type());
        assertEquals(ValueType.BOOLEAN, customers.field("Active").orElseThrow().type());
        EntitySchema lines = s.entities().get("lines").schema();
        assertEquals(List.of("OrderId", "Line"), lines.businessKey());
        assertEquals(ValueType.DATE_TIME, lines.field("At").orElseThrow().type());
        assertEquals(',', s.delimiter());
        assertEquals(StandardCharsets.UTF_8, s.charset());
    }

    @Test
    void aValidConfigurationHasNoProblems() {
        assertEquals(List.of(), problems("directory", "/srv/drop", "delimiter", ";", "encoding", "ISO-8859-1"));
        assertEquals('\t', CsvSettings.from(config("directory", "/srv/drop", "delimiter", "tab")).delimiter());
        assertEquals('\t', CsvSettings.from(config("directory", "/srv/drop", "delimiter", "\t")).delimiter());
    }

    @ParameterizedTest
    @ValueSource(strings = {"drop", "./drop", "srv/drop", "/srv/../etc", "/srv/drop/..", "C:drop", "~/drop"})
    void refusesRelativeDirectoriesAndClimbing(String directory) {
        List<FieldProblem> problems = problems("directory", directory);
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("directory", problems.get(0).field());
    }

    @Test
    void requiresTheDirectory() {
        assertEquals("directory", problems().get(0).field());
        assertThrows(ConfigurationException.class, () -> factory.open(config(), null));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "customers key=Id; Id=text",
        "customers: Id=text",
        "customers: key=Id; Id=money",
        "customers: key=Id; Name=text",
        "customers: key=Id; Id=text, Id=integer",
        "customers: key=Id; Id=integer(5)",
        "customers: key=Id; Id=text(0)",
        "customers: key=Id; key=Id; Id=text",
        "customers: key=Id; Id",
        "customers: key=Id; Id=text | customers: key=Id; Id=text",
        "../etc/passwd: key=Id; Id=text",
        ".hidden: key=Id; Id=text",
        "a/b: key=Id; Id=text",
        "customers: key=; Id=text",
    })
    void refusesBadDeclarationsNamingTheEntitiesField(String declaration) {
        List<FieldProblem> problems = problems("directory", "/srv/drop", "entities", declaration);
        assertTrue(!problems.isEmpty(), declaration);
        assertTrue(problems.stream().allMatch(p -> p.field().equals("entities")), problems.toString());
    }

    @Test
    void unknownTypeMessageListsTheTypes() {
        String message = problems("directory", "/srv/drop", "entities", "c: key=Id; Id=money").get(0).message();
        assertTrue(message.contains("money") && message.contains("decimal(scale)"), message);
    }

    @Test
    void refusesBadDelimiterAndEncoding() {
        List<FieldProblem> problems = problems("directory", "/srv/drop", "delimiter", "\"", "encoding", "KLINGON-8");
        assertEquals(List.of("delimiter", "encoding"), problems.stream().map(FieldProblem::field).toList());
        assertEquals("delimiter", problems("directory", "/srv/drop", "delimiter", ";;").get(0).field());
    }

    @Test
    void collectsAllProblemsAtOnce() {
        List<FieldProblem> problems = new ArrayList<>(problems("directory", "rel", "entities", "x: key=A; B=text",
                "encoding", "nope"));
        assertEquals(3, problems.size(), problems.toString());
    }

    @Test
    void describesItsConfigurationForm() {
        assertEquals("csv-files", factory.type());
        assertEquals(List.of("directory", "entities", "delimiter", "encoding"),
                factory.configFields().stream().map(f -> f.name()).toList());
        assertTrue(factory.configFields().get(0).required());
    }
}
