package com.example.ferry.csv.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 reader: values separated by a delimiter, rows by CRLF, LF or CR; a value in double
 * quotes may hold delimiters, line breaks and quotes (doubled: {@code ""}). It reads one row at a time so
 * that memory stays flat whatever the file's size. Used by one thread.
 *
 * <p>Lenient where files from spreadsheets differ from the RFC: a leading byte-order mark is skipped (and
 * remembered, so a rewrite keeps it), blank lines are skipped, and text after a closing quote is kept.
 * An unterminated quote is an error: the rest of the file could not be read correctly.
 */
final class CsvParser implements Closeable {
    private static final int NONE = -2;

    private final Reader in;
    private final char delimiter;
    private int pushedBack = NONE;
    private int line = 1;
    private int rowLine;
    private boolean started;
    private boolean byteOrderMark;

    CsvParser(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /**
     * @return the next row's values, or {@code null} at the end of the input
     * @throws CsvFormatException if a quoted value is not closed
     */
    List<String> next() throws IOException {
        int c = read();
        while (c == '\r' || c == '\n') {
            endOfLine(c);
            c = read();
        }
        if (c == -1) {
            return null;
        }
        rowLine = line;
        List<String> row = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        while (true) {
            if (c == '"' && !quoted && value.isEmpty()) {
                quoted = true;
                readQuoted(value);
            } else if (c == delimiter) {
                row.add(value.toString());
                value.setLength(0);
                quoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c != -1) {
                    endOfLine(c);
                }
                row.add(value.toString());
                return row;
            } else {
                value.append((char) c);
            }
            c = read();
        }
    }

    /** @return the line the row last returned by {@link #next()} started on, for error messages */
    int rowLine() {
        return rowLine;
    }

    /** @return whether the input started with a byte-order mark */
    boolean byteOrderMark() {
        return byteOrderMark;
    }

    private void readQuoted(StringBuilder value) throws IOException {
        int startLine = line;
        while (true) {
            int c = read();
            if (c == -1) {
                throw new CsvFormatException("line " + startLine + ": a quoted value is never closed");
            }
            if (c == '"') {
                int next = read();
                if (next == '"') {
                    value.append('"');
                    continue;
                }
                pushedBack = next;
                return;
            }
            if (c == '\n' || (c == '\r' && peek() != '\n')) {
                line++;
            }
            value.append((char) c);
        }
    }

    private void endOfLine(int c) throws IOException {
        if (c == '\r' && peek() == '\n') {
            read();
        }
        line++;
    }

    private int peek() throws IOException {
        if (pushedBack == NONE) {
            pushedBack = in.read();
        }
        return pushedBack;
    }

    private int read() throws IOException {
        int c;
        if (pushedBack != NONE) {
            c = pushedBack;
            pushedBack = NONE;
        } else {
            c = in.read();
        }
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                byteOrderMark = true;
                return read();
            }
        }
        return c;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** The input is not CSV this parser can read; the message names the line. */
    static final class CsvFormatException extends IOException {
        private static final long serialVersionUID = 1L;

        CsvFormatException(String message) {
            super(message);
        }
    }
}
