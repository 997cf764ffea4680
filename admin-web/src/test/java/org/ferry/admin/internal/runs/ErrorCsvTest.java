package org.ferry.admin.internal.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunErrorGroup;
import org.ferry.runtime.management.RunErrorInfo;
import org.ferry.runtime.management.RunErrorQuery;
import org.junit.jupiter.api.Test;

class ErrorCsvTest {

    @Test
    void rowsAreQuotedWhereNeededAndFormulasAreDefused() {
        Map<String, String> source = new LinkedHashMap<>();
        source.put("name", "=HYPERLINK(\"http://x\")");
        source.put("note", null);
        StringWriter out = new StringWriter();
        ErrorCsv csv = new ErrorCsv(out);
        csv.header();
        csv.error(new RunErrorInfo("Accounts", "sales:account -> cds:Account", "=1+1", "Name", "bad, \"quoted\"\nvalue",
                "failed", Instant.parse("2026-05-01T08:00:00Z"), null, source, null));
        csv.flush();
        String[] lines = out.toString().split("\r\n");
        assertEquals(String.join(",", ErrorCsv.HEADER), lines[0]);
        assertEquals("Accounts,\"sales:account -> cds:Account\",failed,\"'=1+1\",,Name,\"bad, \"\"quoted\"\"\nvalue\","
                + "2026-05-01T08:00:00Z,\"{\"\"name\"\":\"\"=HYPERLINK(\\\"\"http://x\\\"\")\"\",\"\"note\"\":null}\",",
                lines[1]);
        assertEquals(2, lines.length);
        assertEquals("'-5", ErrorCsv.defused("-5"));
        assertEquals("'@SUM(A1)", ErrorCsv.defused("@SUM(A1)"));
        assertEquals("plain", ErrorCsv.defused("plain"));
        assertEquals("", ErrorCsv.defused(null));
    }

    @Test
    void aGroupTokenNamesExactlyItsGroupAndNothingElseIsAccepted() {
        ErrorGroupItem item = ErrorGroupItem.of(new RunErrorGroup("Accounts", "leg", null, "failed", "'…' is not a country",
                "'…' is not a country", 1456, java.util.List.of("A-1"), "'X' is not a country"));
        RunErrorQuery query = ErrorGroupItem.query(item.group());
        assertEquals(RunErrorQuery.exactly("Accounts", "leg", null, "failed", "'…' is not a country"), query);
        assertEquals(400, assertThrows(ProblemException.class, () -> ErrorGroupItem.query("not-a-group")).status());
        assertEquals(400, assertThrows(ProblemException.class, () -> ErrorGroupItem.query("WyJhIl0")).status(), "[\"a\"]");
    }
}
