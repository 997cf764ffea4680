package org.ferry.admin.internal.runs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

import org.ferry.runtime.management.RunErrorInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A run's errors as CSV (RFC 4180: quoted where needed, CRLF rows, a header), one row per error with the record as
 * read and the values sent as JSON cells. A cell that a spreadsheet would run as a formula ({@code = + - @}, tab,
 * carriage return) is prefixed with an apostrophe: the file holds data from the business systems, which anyone could
 * have typed.
 */
final class ErrorCsv {
    static final List<String> HEADER = List.of("task", "leg", "kind", "businessKey", "sourceId", "field", "message", "at",
            "source", "written");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Writer out;

    ErrorCsv(Writer out) {
        this.out = out;
    }

    void header() {
        row(HEADER);
    }

    void error(RunErrorInfo e) {
        row(java.util.Arrays.asList(e.task(), e.leg(), e.kind(), e.businessKey(), e.sourceId(), e.field(), e.message(),
                e.at() == null ? null : e.at().toString(), json(e.source()), json(e.written())));
    }

    private void row(List<String> cells) {
        try {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
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
