package org.ferry.runtime.internal.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.junit.jupiter.api.Test;

class FilterTest {
    private static final EntitySchema ACCOUNT = new EntitySchema("account", null, List.of(FieldSchema.text("name", 160),
            FieldSchema.of("statecode", ValueType.INTEGER), FieldSchema.of("revenue", ValueType.DECIMAL),
            FieldSchema.of("active", ValueType.BOOLEAN), FieldSchema.of("since", ValueType.DATE),
            FieldSchema.lookup("primarycontactid", "contact")), null, null, null, null);

    private static EntityRecord account(String name, long state, String revenue, boolean active, String since) {
        return EntityRecord.builder("account").text("name", name).set("statecode", Value.integer(state))
                .set("revenue", revenue == null ? null : Value.decimal(new BigDecimal(revenue))).set("active", Value.bool(active))
                .set("since", Value.date(LocalDate.parse(since)))
                .set("primarycontactid", Value.reference("contact", BusinessKey.of("fullname", "Susanna Stubberod")))
                .build();
    }

    private static boolean matches(String filter, EntityRecord r) {
        return Filter.parse(filter, ACCOUNT).test(r);
    }

    @Test
    void comparisonsLogicAndPrecedence() {
        EntityRecord big = account("Contoso", 0, "5000.50", true, "2020-01-15");
        EntityRecord small = account("Fabrikam", 1, "10", false, "2024-06-01");
        assertTrue(matches("statecode eq 0 and revenue gt 1000", big));
        assertFalse(matches("statecode eq 0 and revenue gt 1000", small));
        assertTrue(matches("statecode eq 1 or revenue gt 1000 and active eq true", small), "and binds tighter than or");
        assertFalse(matches("(statecode eq 1 or revenue gt 1000) and active eq true", small));
        assertTrue(matches("not (revenue ge 5000.5)", small));
        assertTrue(matches("revenue le 5000.50 and revenue lt 5001 and revenue ne 1", big));
        assertTrue(matches("since lt 2021-01-01", big));
        assertTrue(matches("active eq false", small));
    }

    @Test
    void textIsCaseInsensitiveWithFunctionsAndQuoting() {
        EntityRecord r = account("O'Bryan Trading", 0, null, true, "2020-01-01");
        assertTrue(matches("name eq 'o''bryan trading'", r));
        assertTrue(matches("contains(name, 'BRYAN')", r));
        assertTrue(matches("startswith(name,'o''b') and endswith(name, 'ing')", r));
        assertTrue(matches("revenue eq null", r));
        assertFalse(matches("revenue gt 0", r), "a missing value is not greater than anything");
        assertTrue(matches("primarycontactid/fullname eq 'Susanna Stubberod'", r), "navigation through a lookup's key");
    }

    @Test
    void typedEnumLiteralsAsOperationsWritesThem() {
        EntityRecord r = EntityRecord.builder("account").text("name", "Yes").build();
        assertTrue(matches("name eq Microsoft.Dynamics.DataEntities.NoYes'Yes'", r));
        assertFalse(matches("name ne Microsoft.Dynamics.DataEntities.NoYes'Yes'", r));
        EntityRecord confirmed = EntityRecord.builder("account").text("name", "Confirmed").set("statecode", Value.integer(1)).build();
        String template = "name ne Microsoft.Dynamics.DataEntities.SalesOrderProcessingStatus'Active' and not"
                + " (statecode eq 0)";
        assertTrue(matches(template, confirmed), "the shape of the F&O orders template's filter");
        assertFalse(matches(template, EntityRecord.builder("account").text("name", "Active").set("statecode", Value.integer(1)).build()));
        FilterException unknown = assertThrows(FilterException.class,
                () -> Filter.parse("nme eq Microsoft.Dynamics.DataEntities.NoYes'Yes'", ACCOUNT));
        assertEquals(0, unknown.position(), "fields beside typed literals are still checked");
    }

    @Test
    void errorsPointAtTheWrongToken() {
        FilterException unknown = assertThrows(FilterException.class, () -> Filter.parse("statecode eq 0 and revnue gt 1000", ACCOUNT));
        assertEquals(19, unknown.position());
        assertTrue(unknown.getMessage().startsWith("unknown field 'revnue' of account at position 19"), unknown.getMessage());

        FilterException operator = assertThrows(FilterException.class, () -> Filter.parse("statecode equals 0", ACCOUNT));
        assertEquals(10, operator.position());
        assertTrue(operator.getMessage().contains("expected a comparison"), operator.getMessage());

        FilterException open = assertThrows(FilterException.class, () -> Filter.parse("name eq 'unclosed", ACCOUNT));
        assertEquals(8, open.position());

        FilterException paren = assertThrows(FilterException.class, () -> Filter.parse("(statecode eq 0", ACCOUNT));
        assertTrue(paren.getMessage().contains("expected ')'"), paren.getMessage());

        FilterException trailing = assertThrows(FilterException.class, () -> Filter.parse("statecode eq 0 statecode", ACCOUNT));
        assertEquals(15, trailing.position());
    }

    @Test
    void nestingIsBoundedAndReportedNotAStackOverflow() {
        String deep = "(".repeat(1_000) + "statecode eq 0" + ")".repeat(1_000);
        FilterException e = assertThrows(FilterException.class, () -> Filter.parse(deep, null));
        assertTrue(e.getMessage().contains("levels deep"), e.getMessage());
        assertTrue(e.getMessage().length() < 400, "the message quotes only the part around the fault");
        assertThrows(FilterException.class, () -> Filter.parse("not ".repeat(100) + "statecode eq 0", null));
        String nested = "(".repeat(Filter.MAX_DEPTH) + "statecode eq 0" + ")".repeat(Filter.MAX_DEPTH);
        assertTrue(matches(nested, account("A", 0, "1", true, "2020-01-01")));
    }

    @Test
    void longChainsAreTestedWithoutDeepRecursion() {
        String chain = String.join(" or ", java.util.Collections.nCopies(200, "statecode eq 7")) + " or statecode eq 0";
        assertTrue(matches(chain, account("A", 0, "1", true, "2020-01-01")));
        String tooLong = "name eq '" + "x".repeat(Filter.MAX_LENGTH) + "'";
        assertThrows(FilterException.class, () -> Filter.parse(tooLong, null));
    }

    @Test
    void withoutASchemaOnlyTheSyntaxIsChecked() {
        Filter.parse("anyfield eq 1 and other/field ne 'x'", null);
        assertThrows(FilterException.class, () -> Filter.parse("statecode eq", null));
    }
}
