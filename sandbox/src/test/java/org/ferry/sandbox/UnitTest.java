package org.ferry.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Map;
import org.ferry.sandbox.internal.odata.Filter;
import org.ferry.sandbox.internal.odata.FilterDialect;
import org.ferry.sandbox.internal.odata.FilterException;
import org.ferry.sandbox.internal.odata.FilterParser;
import org.ferry.sandbox.internal.odata.KeySegment;
import org.junit.jupiter.api.Test;

class UnitTest {
    private static final Map<String, Object> ROW = Map.of("name", "O'Bryan Ltd", "revenue", new BigDecimal("1500.50"),
            "employees", 12L, "active", true, "_owner_value", "70bf4d48-34cb-ed11-b596-0022481d68cd",
            "modifiedon", "2024-05-01T10:00:00Z", "requestdeliveryby", "2025-01-15");

    private static boolean eval(String filter, FilterDialect d) throws FilterException {
        Filter f = FilterParser.parse(filter, d);
        return f.test(p -> ROW.get(p), d);
    }

    private static boolean eval(String filter) throws FilterException {
        return eval(filter, FilterDialect.DATAVERSE);
    }

    @Test
    void filterOperatorsLiteralsAndGrouping() throws Exception {
        assertTrue(eval("name eq 'o''bryan ltd'"), "case-insensitive, '' escapes a quote");
        assertTrue(eval("revenue gt 1500 and revenue le 1500.5"));
        assertTrue(eval("not (employees lt 10) and active eq true"));
        assertTrue(eval("missing eq null and name ne null"));
        assertTrue(eval("_owner_value eq 70BF4D48-34CB-ED11-B596-0022481D68CD"));
        assertTrue(eval("modifiedon ge 2024-05-01T00:00:00Z and modifiedon lt 2024-05-02"));
        assertTrue(eval("(employees add 3) mul 2 eq 30 or false"));
        assertTrue(eval("requestdeliveryby eq 2025-01-15 and requestdeliveryby lt 2025-01-16T00:00:00Z"));
        assertTrue(eval("contains(name,'bryan') and startswith(name,'O''') and endswith(name,'LTD')"));
        assertFalse(eval("missing gt 1"), "comparisons with null are false");
        assertTrue(eval("name eq '*bryan*'", FilterDialect.OPERATIONS), "F&O wildcard");
        assertFalse(eval("name eq '*bryan*'"), "Dataverse has no wildcards");
        assertThrows(FilterException.class, () -> FilterParser.parse("name in ('a')", FilterDialect.OPERATIONS));
        assertThrows(FilterException.class, () -> FilterParser.parse("name eq 'open", FilterDialect.DATAVERSE));
        assertThrows(FilterException.class, () -> FilterParser.parse("(name eq 'x'", FilterDialect.DATAVERSE));
    }

    @Test
    void keySegments() throws Exception {
        KeySegment guid = KeySegment.parse("accounts(7EB682F1-CA75-E511-80D4-00155D2A68D1)");
        assertEquals("7eb682f1-ca75-e511-80d4-00155d2a68d1", guid.unnamed());
        KeySegment composite = KeySegment.parse("CustomersV3(dataAreaId='usmf',CustomerAccount='O''Neil,1')");
        assertEquals(Map.of("dataAreaId", "usmf", "CustomerAccount", "O'Neil,1"), composite.keys());
        assertEquals(2L, KeySegment.parse("Lines(n=2)").keys().get("n"));
        assertFalse(KeySegment.parse("accounts").hasKey());
    }

    @Test
    void optionsFromLauncherStyleMap() {
        SandboxOptions o = SandboxOptions.fromMap(Map.of("--accounts", "100000", "throttle-rate", "0.2", "drop-rate", "0.05",
                "max-page-size", "500", "client-secret", "x", "token-lifetime", "60"));
        assertEquals(100_000, o.accounts());
        assertEquals(0.2, o.throttleRate());
        assertEquals(500, o.maxPageSize());
        assertEquals(60, o.tokenLifetime().toSeconds());
        assertFalse(o.secretGenerated());
        assertFalse(o.toString().contains("x]"), "the secret never shows in toString");
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.fromMap(Map.of("acounts", "1")));
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.fromMap(Map.of("max-page-size", "6000")));
        assertThrows(IllegalArgumentException.class, () -> SandboxOptions.fromMap(Map.of("throttle-rate", "2")));
    }
}
