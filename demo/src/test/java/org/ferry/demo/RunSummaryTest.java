package org.ferry.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The demo's summary of a run, as the API answers it: columns that line up, counts that explain themselves. */
class RunSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void countColumnsLineUpWhateverTheLengthOfTheEntityNames() throws Exception {
        String longest = "cds:SalesOrderLine -> operations:CDSSalesOrderLinesWithAVeryLongNameIndeedFromAPartnerSystem";
        JsonNode run = json("""
                {"id": "r1", "status": "COMPLETED", "tasks": [{"name": "OrderLine", "legs": [
                  {"source": "sales:x", "target": "cds:Y", "read": 5, "inserted": 5, "updated": 0, "unchanged": 0,
                   "skipped": 0, "failed": 0},
                  {"source": "cds:SalesOrderLine",
                   "target": "operations:CDSSalesOrderLinesWithAVeryLongNameIndeedFromAPartnerSystem",
                   "read": 123456, "inserted": 5, "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0},
                  {"source": "cds:SalesOrderLine", "target": "operations:CDSSalesOrderLines", "read": 5, "inserted": 5,
                   "updated": 0, "unchanged": 0, "skipped": 0, "failed": 0}]}]}""");

        List<String> lines = RunSummary.lines("Sales orders", run, json("{\"items\": []}"));

        List<String> rows = lines.stream().filter(l -> l.matches(".*\\d+\\s*$") && !l.contains("(read")).toList();
        assertEquals(3, rows.size(), String.join("\n", lines));
        int end = rows.get(0).length();
        rows.forEach(r -> assertEquals(end, r.length(), "every row of counts ends in the same column:\n" + String.join("\n", lines)));
        String header = lines.stream().filter(l -> l.contains("inserted") && l.contains("unchanged")).findFirst().orElseThrow();
        assertEquals(end, header.length(), "the header ends where the counts do");
        assertTrue(lines.contains("    " + longest), "a label too long for the column gets a line of its own");
        assertTrue(rows.get(1).contains("123456"), rows.get(1));
    }

    @Test
    void aStepThatReadsMoreOrFewerThanTheStepBeforeWroteSaysWhy() throws Exception {
        JsonNode run = json("""
                {"id": "r1", "status": "COMPLETED", "tasks": [{"name": "OrderHeader", "legs": [
                  {"source": "sales:salesorder", "target": "cds:SalesOrder", "read": 12, "inserted": 12, "updated": 0,
                   "unchanged": 0, "skipped": 0, "failed": 0},
                  {"source": "cds:SalesOrder", "target": "operations:CDSSalesOrderHeaders", "read": 24, "inserted": 12,
                   "updated": 12, "unchanged": 0, "skipped": 0, "failed": 0}]},
                 {"name": "Same", "legs": [
                  {"source": "a:x", "target": "cds:X", "read": 3, "inserted": 2, "updated": 1, "unchanged": 4, "skipped": 0,
                   "failed": 0},
                  {"source": "cds:X", "target": "b:x", "read": 3, "inserted": 3, "updated": 0, "unchanged": 0,
                   "skipped": 0, "failed": 0}]}]}""");

        List<String> lines = RunSummary.lines("Sales orders", run, json("{\"items\": []}"));

        List<String> notes = lines.stream().filter(l -> l.contains("(read")).toList();
        assertEquals(1, notes.size(), "only where the counts differ:\n" + String.join("\n", lines));
        assertTrue(notes.get(0).contains("read 24 where the step before wrote 12"), notes.get(0));
        int noted = lines.indexOf(notes.get(0));
        assertTrue(lines.get(noted - 1).contains("cds:SalesOrder -> operations:CDSSalesOrderHeaders"),
                "the note follows the leg it explains");
    }

    @Test
    void aRecordWithoutABusinessKeyIsShownByItsSourceIdSaidAsSuch() throws Exception {
        JsonNode run = json("{\"id\": \"r1\", \"status\": \"WARNING\", \"message\": \"1 record(s) failed\", \"tasks\": []}");
        JsonNode errors = json("""
                {"items": [
                  {"kind": "failed", "businessKey": "ACC-01998-BADCTY", "field": "Address1_Country",
                   "message": "'Atlantis' is not a country"},
                  {"kind": "skipped", "businessKey": null, "sourceId": "bad00000-0000-4000-8000-000000000001",
                   "field": "AccountId", "message": "no business key: 'AccountId' is empty"},
                  {"kind": "run", "message": "1 record(s) failed"},
                  {"kind": "warning", "message": "account is not change-tracked: read in full"}],
                 "next": "/api/runs/r1/errors?offset=3&limit=3"}""");

        List<String> lines = RunSummary.lines("Accounts", run, errors);

        String skipped = lines.stream().filter(l -> l.contains("skipped")).findFirst().orElseThrow();
        assertTrue(skipped.contains("sourceId bad00000-0000-4000-8000-000000000001"), skipped);
        String failed = lines.stream().filter(l -> l.contains("failed ")).filter(l -> l.contains("Atlantis")).findFirst().orElseThrow();
        assertTrue(failed.contains("ACC-01998-BADCTY  Address1_Country: 'Atlantis' is not a country"), failed);
        assertEquals(1, lines.stream().filter(l -> l.contains("1 record(s) failed")).count(), "the run's message once");
        assertFalse(lines.stream().anyMatch(l -> l.contains("(no key)")), String.join("\n", lines));
        assertTrue(lines.contains("    warning account is not change-tracked: read in full"), "a leg's warning names no record");
        assertTrue(lines.get(lines.size() - 1).contains("GET /api/runs/r1/errors"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
