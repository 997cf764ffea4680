package com.example.ferry.csv.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvParserTest {

    private static List<List<String>> parse(String text, char delimiter) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (CsvParser p = new CsvParser(new StringReader(text), delimiter)) {
            for (List<String> row = p.next(); row != null; row = p.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Test
    void readsQuotedValuesWithDelimitersQuotesAndLineBreaks() throws IOException {
        String csv = "Id,Name,Note\r\n"
                + "1,\"Contoso, Ltd.\",\"He said \"\"hi\"\"\"\r\n"
                + "2,\"two\r\nlines\",\"\"\r\n"
                + "3,plain,\"a\nb\"";
        assertEquals(List.of(
                List.of("Id", "Name", "Note"),
                List.of("1", "Contoso, Ltd.", "He said \"hi\""),
                List.of("2", "two\r\nlines", ""),
                List.of("3", "plain", "a\nb")), parse(csv, ','));
    }

    @Test
    void acceptsLfCrAndCrlfLineEndsAndSkipsBlankLines() throws IOException {
        assertEquals(List.of(List.of("a", "b"), List.of("1", "2"), List.of("3", "4"), List.of("5", "")),
                parse("a,b\n\n1,2\r3,4\r\n\r\n5,\n", ','));
    }

    @Test
    void keepsEmptyValuesAndOtherDelimiters() throws IOException {
        assertEquals(List.of(List.of("", "x;y", "", "")), parse(";\"x;y\";;", ';'));
        assertEquals(List.of(List.of("a,b", "c")), parse("a,b\tc", '\t'));
    }

    @Test
    void quoteInsideAnUnquotedValueIsLiteral() throws IOException {
        assertEquals(List.of(List.of("5\" disk", "x")), parse("5\" disk,x", ','));
    }

    @Test
    void countsLinesAcrossQuotedLineBreaks() throws IOException {
        try (CsvParser p = new CsvParser(new StringReader("h\n\"a\nb\nc\"\nnext\n"), ',')) {
            p.next();
            p.next();
            assertEquals(2, p.rowLine());
            assertEquals(List.of("next"), p.next());
            assertEquals(5, p.rowLine());
            assertNull(p.next());
        }
    }

    @Test
    void unterminatedQuoteIsAnErrorNamingTheLine() {
        CsvParser.CsvFormatException e = assertThrows(CsvParser.CsvFormatException.class,
                () -> parse("a,b\n1,\"open\n2,3\n", ','));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void skipsAndRemembersByteOrderMark() throws IOException {
        try (CsvParser p = new CsvParser(new StringReader("\uFEFFId,Name\n"), ',')) {
            assertEquals(List.of("Id", "Name"), p.next());
            assertTrue(p.byteOrderMark());
        }
        try (CsvParser p = new CsvParser(new StringReader("Id\n"), ',')) {
            p.next();
            assertFalse(p.byteOrderMark());
        }
    }

    @Test
    void writtenRowsReadBackUnchanged() throws IOException {
        List<List<String>> rows = List.of(
                List.of("plain", "with,comma", "with \"quotes\"", "two\r\nlines", "", " padded "),
                List.of(""),
                List.of("a\rb", "\"", "x"));
        StringWriter out = new StringWriter();
        for (List<String> row : rows) {
            CsvFormat.writeRow(out, row, ',');
        }
        assertEquals(rows, parse(out.toString(), ','));
        assertTrue(out.toString().startsWith("plain,\"with,comma\",\"with \"\"quotes\"\"\""));
    }
}
