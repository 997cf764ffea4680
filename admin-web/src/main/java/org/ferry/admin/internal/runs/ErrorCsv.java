package org.ferry.admin.internal.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

import org.ferry.runtime.management.RunErrorInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * A run's errors as CSV (RFC 4180 through jackson-dataformat-csv: quoted where needed, CRLF rows, a header), one row
 * per error with the record as read and the values sent as JSON cells, streamed as the store hands them over. A cell
 * that a spreadsheet would run as a formula ({@code = + - @}, tab, carriage return) is prefixed with an apostrophe:
 * the file holds data from the business systems, which anyone could have typed.
 */
final class ErrorCsv {
    static final List<String> HEADER = List.of("task", "leg", "kind", "businessKey", "sourceId", "field", "message", "at",
            "source", "written");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter ROWS = new CsvMapper().writer(CsvSchema.emptySchema().withLineSeparator("\r\n"));

    private final SequenceWriter out;

    ErrorCsv(Writer out) {
        try {
            this.out = ROWS.writeValues(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void header() {
        row(HEADER);
    }

    void error(RunErrorInfo e) {
        row(java.util.Arrays.asList(e.task(), e.leg(), e.kind(), e.businessKey(), e.sourceId(), e.field(), e.message(),
                e.at() == null ? null : e.at().toString(), json(e.source()), json(e.written())));
    }

    /** Hands the rows written so far to the writer given, and flushes it. */
    void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void row(List<String> cells) {
        try {
            out.write(cells.stream().map(ErrorCsv::defused).toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * @return the cell's text, an apostrophe before a formula; {@code null} as an empty cell, since Jackson leaves a
     *         null out of a row written on its own instead of writing an empty cell
     */
    static String defused(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String json(Map<String, String> record) {
        if (record == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
