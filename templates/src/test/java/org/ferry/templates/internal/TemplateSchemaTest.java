package org.ferry.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.ValueType;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.api.template.TaskTemplate;
import org.ferry.runtime.testing.LegProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every leg of every template, compiled by the engine's mapping compiler against the schemas the real
 * connectors describe from the sandbox and the CDS hub; its source filter run by the source; and its
 * lookup paths checked against the keys the source's references actually carry, which the compiler
 * leaves to run time.
 */
class TemplateSchemaTest {
    private static final Pattern ALTERNATIVE = Pattern.compile("([A-Za-z_]\\w*)\\(([^()]+)\\)");

    private static LiveSystems systems;

    @BeforeAll
    static void start() {
        systems = new LiveSystems();
    }

    @AfterAll
    static void stop() {
        systems.close();
    }

    @TestFactory
    Stream<DynamicTest> everyLegCompilesAgainstTheRealSchemas() {
        return legs().map(l -> DynamicTest.dynamicTest(l.name(), () -> {
            LegProbe compiled = systems.compile(l.leg(), l.integrationKeys());
            assertEquals(List.of(), compiled.problems(), () -> describe(compiled.problems()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyLookupPathReadsAKeyTheSourceReferenceCarries() {
        return legs().map(l -> DynamicTest.dynamicTest(l.name(), () -> {
            List<String> problems = new ArrayList<>();
            for (FieldMapping m : l.leg().mappings()) {
                if (m.source() != null && m.source().contains(".")) {
                    lookupProblem(l.leg(), m.source(), problems);
                }
            }
            assertEquals(List.of(), problems);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everySourceFilterIsAcceptedByTheSource() {
        return legs().filter(l -> l.leg().filter() != null).map(l -> DynamicTest.dynamicTest(l.name(), () -> {
            LegTemplate leg = l.leg();
            assertTrue(systems.connection(leg.sourceRole()).capabilities().filterPushdown(),
                    leg.sourceRole() + " cannot filter, so the engine would refuse the leg");
            // what the service's dialect refuses (F&O: functions, enums without typed literals) fails validation
            systems.connection(leg.sourceRole()).validateFilter(leg.sourceEntity(), leg.filter());
            ReadRequest request = new ReadRequest(leg.sourceEntity(), List.of(), null, null, leg.filter(), 50);
            try (RecordReader reader = systems.connection(leg.sourceRole()).read(request)) {
                List<?> page = reader.nextPage();
                assertTrue(page != null && !page.isEmpty(), "the sample has records that pass '" + leg.filter() + "'");
            }
        }));
    }

    /** A path {@code lookup.Field} or {@code lookup.Entity(Field)…} must name a key field of each entity it may meet. */
    private static void lookupProblem(LegTemplate leg, String path, List<String> problems) {
        EntitySchema source = systems.schema(leg.sourceRole(), leg.sourceEntity());
        String field = path.substring(0, path.indexOf('.'));
        String rest = path.substring(path.indexOf('.') + 1);
        FieldSchema lookup = source.field(field).orElse(null);
        if (lookup == null || lookup.type() != ValueType.REFERENCE) {
            problems.add(path + ": '" + field + "' is not a lookup of " + source.name());
            return;
        }
        List<String[]> alternatives = new ArrayList<>();
        Matcher matcher = ALTERNATIVE.matcher(rest);
        while (matcher.find()) {
            alternatives.add(new String[] {matcher.group(1), matcher.group(2)});
        }
        if (alternatives.isEmpty()) {
            lookup.lookup().forEach(target -> alternatives.add(new String[] {target, rest}));
        }
        for (String[] alt : alternatives) {
            String target = lookup.lookup().stream().filter(t -> t.equalsIgnoreCase(alt[0])).findFirst().orElse(null);
            if (target == null) {
                problems.add(path + ": '" + field + "' never refers to " + alt[0] + " (it refers to " + lookup.lookup() + ")");
                continue;
            }
            // the run asks the reader for that field of the related record, so it must be one
            EntitySchema related = systems.schema(leg.sourceRole(), target);
            if (related.field(alt[1]).isEmpty()) {
                problems.add(path + ": '" + alt[1] + "' is not a field of " + target);
            }
        }
    }

    private static String describe(List<LegProbe.Problem> problems) {
        StringBuilder s = new StringBuilder();
        problems.forEach(p -> s.append("\n  ").append(p.field()).append(": ").append(p.message()));
        return s.toString();
    }

    /**
     * One leg, named for the test report: {@code p2c-accounts / Accounts - Account - Customers / 1 sales:account ->
     * cds:Account}, with the integration keys its template proposes.
     */
    record NamedLeg(String name, LegTemplate leg, Map<String, Map<String, List<String>>> integrationKeys) {
    }

    static Stream<NamedLeg> legs() {
        List<NamedLeg> all = new ArrayList<>();
        for (ProjectTemplate t : new ProspectToCashTemplateProvider().templates()) {
            for (TaskTemplate task : t.tasks()) {
                for (int i = 0; i < task.legs().size(); i++) {
                    LegTemplate l = task.legs().get(i);
                    all.add(new NamedLeg(t.id() + " / " + task.name() + " / " + (i + 1) + " " + l.sourceRole() + ":"
                            + l.sourceEntity() + " -> " + l.targetRole() + ":" + l.targetEntity(), l, t.integrationKeys()));
                }
            }
        }
        if (all.isEmpty()) {
            fail("no template has a leg");
        }
        return all.stream().sorted((a, b) -> a.name().toLowerCase(Locale.ROOT).compareTo(b.name().toLowerCase(Locale.ROOT)));
    }
}
