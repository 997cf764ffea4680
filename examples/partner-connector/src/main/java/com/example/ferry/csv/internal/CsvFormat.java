package com.example.ferry.csv.internal;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/** Writes rows as RFC 4180 CSV: CRLF line ends, quotes only where a value needs them. Stateless. */
final class CsvFormat {
    private CsvFormat() {
    }

    static void writeRow(Writer out, List<String> values, char delimiter) throws IOException {
        if (values.size() == 1 && values.get(0).isEmpty()) {
            // An empty line would be skipped as blank when read back: quote the lone empty value.
            out.write("\"\"\r\n");
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            writeValue(out, values.get(i), delimiter);
        }
        out.write("\r\n");
    }

    private static void writeValue(Writer out, String value, char delimiter) throws IOException {
        boolean quote = value.indexOf(delimiter) >= 0 || value.indexOf('"') >= 0 || value.indexOf('\r') >= 0
                || value.indexOf('\n') >= 0;
        if (!quote) {
            out.write(value);
            return;
        }
        out.write('"');
        out.write(value.replace("\"", "\"\""));
        out.write('"');
    }
}
