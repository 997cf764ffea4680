package org.ferry.connectors.common.odata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.ferry.api.error.ConnectorException;

/**
 * The OData {@code $batch} multipart/mixed format: writes a batch whose every operation is its own
 * top-level part (no change set, so one refused record does not roll back the others), and reads the
 * response parts back, descending into change-set responses if a server groups them.
 */
public final class MultipartBatch {
    private static final String CRLF = "\r\n";
    private static final byte[] CRLF_BYTES = CRLF.getBytes(StandardCharsets.US_ASCII);
    /** What follows a boundary's last delimiter. */
    private static final byte[] DASHES = {'-', '-'};

    /** One operation of a batch. {@code target} is the request-target as the server expects it. */
    public record Part(String method, String target, Map<String, String> headers, byte[] body) {
    }

    /**
     * One operation's response; header names are lower-case. The body is decoded from the answer's bytes when first
     * asked for: most parts of a large {@code $batch} answer (a create's 201 with the entity, an update's 204) are
     * judged by their status alone.
     */
    public static final class PartResponse {
        private final int status;
        private final Map<String, String> headers;
        private final byte[] source;
        private final int from;
        private final int to;
        private String body;

        public PartResponse(int status, Map<String, String> headers, String body) {
            this(status, headers, null, 0, 0);
            this.body = body == null ? "" : body;
        }

        private PartResponse(int status, Map<String, String> headers, byte[] source, int from, int to) {
            this.status = status;
            this.headers = headers;
            this.source = source;
            this.from = from;
            this.to = to;
        }

        public int status() {
            return status;
        }

        public Map<String, String> headers() {
            return headers;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** @return the part's body, without the whitespace around it ({@code ""} if none) */
        public String body() {
            if (body == null) {
                body = new String(source, from, to - from, StandardCharsets.UTF_8);
            }
            return body;
        }

        @Override
        public String toString() {
            return "PartResponse[status=" + status + ", headers=" + headers + ", body=" + body() + "]";
        }
    }

    private final String boundary = "batch_" + UUID.randomUUID();
    private final List<Part> parts = new ArrayList<>();

    public MultipartBatch add(Part part) {
        parts.add(part);
        return this;
    }

    public int size() {
        return parts.size();
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    public byte[] body() {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4096 + 1024 * parts.size());
        StringBuilder head = new StringBuilder(256);
        int id = 1;
        for (Part p : parts) {
            head.setLength(0);
            head.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: application/http").append(CRLF)
                    .append("Content-Transfer-Encoding: binary").append(CRLF)
                    .append("Content-ID: ").append(id++).append(CRLF)
                    .append(CRLF)
                    .append(p.method()).append(' ').append(p.target()).append(" HTTP/1.1").append(CRLF);
            p.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append(CRLF));
            head.append(CRLF);
            out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
            if (p.body() != null) {
                out.writeBytes(p.body()); // already UTF-8: copied as it is, not decoded and encoded again
            }
            out.writeBytes(CRLF_BYTES);
        }
        out.writeBytes(("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Reads a batch response.
     *
     * <p>By positions in the response's bytes: only the headers are copied out as text, and a body when asked for
     * ({@link PartResponse#body()}). Decoding the whole answer into one string, and each part's body out of it, was
     * an eighth of what the second leg of a two-leg run allocated, its {@code $batch} answers being thousands of
     * parts long; the delimiters, heads and status lines are ASCII, so they are found in the bytes themselves.
     *
     * @param contentType the response's Content-Type, which names the boundary
     * @return the operation responses in the order the server wrote them
     */
    public static List<PartResponse> parse(String contentType, byte[] body) {
        String boundary = boundary(contentType);
        if (boundary == null) {
            throw new ConnectorException("the $batch response is not multipart (Content-Type " + contentType + ")");
        }
        List<PartResponse> out = new ArrayList<>();
        parseInto(boundary, body, 0, body.length, out);
        return out;
    }

    /** Reads the parts between {@code from} and {@code to} that this boundary delimits. */
    private static void parseInto(String boundary, byte[] text, int from, int to, List<PartResponse> out) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.UTF_8);
        int pos = indexOf(text, delimiter, from, to);
        while (pos >= 0) {
            int start = pos + delimiter.length;
            if (startsWith(text, DASHES, start, to)) {
                return;
            }
            int next = indexOf(text, delimiter, start, to);
            readPart(text, skipNewline(text, start, to), next < 0 ? to : next, out);
            pos = next;
        }
    }

    private static void readPart(byte[] text, int from, int to, List<PartResponse> out) {
        int[] mimeHead = splitHead(text, from, to);
        Map<String, String> mime = headers(text, from, mimeHead[0]);
        String type = mime.getOrDefault("content-type", "");
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            parseInto(boundary(type), text, mimeHead[1], to, out);
            return;
        }
        int httpFrom = mimeHead[1];
        int[] httpHead = splitHead(text, httpFrom, to);
        int eol = indexOf(text, (byte) '\n', httpFrom, httpHead[0]);
        String[] statusLine = ascii(text, httpFrom, eol < 0 ? httpHead[0] : eol).trim().split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new ConnectorException("a $batch response part has no status line");
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (NumberFormatException e) {
            throw new ConnectorException("a $batch response part has no status code: " + statusLine[1]);
        }
        Map<String, String> headers = eol < 0 ? new LinkedHashMap<>() : headers(text, eol + 1, httpHead[0]);
        int bodyFrom = httpHead[1];
        int bodyTo = to;
        while (bodyFrom < bodyTo && isSpace(text[bodyFrom])) {
            bodyFrom++;
        }
        while (bodyTo > bodyFrom && isSpace(text[bodyTo - 1])) {
            bodyTo--;
        }
        out.add(new PartResponse(status, headers, text, bodyFrom, bodyTo));
    }

    /** @return {end of the head, start of the rest}: split at the first blank line, or both {@code to} if none */
    private static int[] splitHead(byte[] text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] != '\n') {
                continue;
            }
            if (i + 1 < to && text[i + 1] == '\n') {
                return new int[] {i > from && text[i - 1] == '\r' ? i - 1 : i, i + 2};
            }
            if (i + 2 < to && text[i + 1] == '\r' && text[i + 2] == '\n') {
                return new int[] {i > from && text[i - 1] == '\r' ? i - 1 : i, i + 3};
            }
        }
        return new int[] {to, to};
    }

    private static Map<String, String> headers(byte[] text, int from, int to) {
        Map<String, String> h = new LinkedHashMap<>();
        // lines by hand: a regex split (\r?\n) of every part's header blocks was 3-6 % of a batched run's CPU
        for (int start = from; start < to; ) {
            int end = indexOf(text, (byte) '\n', start, to);
            int lineEnd = end < 0 ? to : end;
            int colon = indexOf(text, (byte) ':', start, lineEnd);
            if (colon > start) {
                h.put(ascii(text, start, colon).trim().toLowerCase(Locale.ROOT),
                        new String(text, colon + 1, lineEnd - colon - 1, StandardCharsets.UTF_8).trim());
            }
            start = end < 0 ? to : end + 1;
        }
        return h;
    }

    private static String ascii(byte[] text, int from, int to) {
        return new String(text, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Whitespace as {@link Character#isWhitespace} sees it among ASCII; UTF-8 never puts these inside a character. */
    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0B || b == '\f' || (b >= 0x1C && b <= 0x1F);
    }

    private static int indexOf(byte[] text, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] text, byte[] what, int from, int to) {
        byte first = what[0];
        for (int i = from, last = to - what.length; i <= last; i++) {
            if (text[i] == first && startsWith(text, what, i, to)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] text, byte[] what, int at, int to) {
        if (at < 0 || at + what.length > to) {
            return false;
        }
        for (int j = 0; j < what.length; j++) {
            if (text[at + j] != what[j]) {
                return false;
            }
        }
        return true;
    }

    private static int skipNewline(byte[] text, int at, int to) {
        if (at + 2 <= to && text[at] == '\r' && text[at + 1] == '\n') {
            return at + 2;
        }
        return at < to && text[at] == '\n' ? at + 1 : at;
    }

    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (String param : contentType.split(";")) {
            String p = param.trim();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = p.substring("boundary=".length()).trim();
                return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        return null;
    }
}
