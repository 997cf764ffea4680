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

    /** One operation of a batch. {@code target} is the request-target as the server expects it. */
    public record Part(String method, String target, Map<String, String> headers, byte[] body) {
    }

    /** One operation's response; header names are lower-case. */
    public record PartResponse(int status, Map<String, String> headers, String body) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
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
        StringBuilder b = new StringBuilder();
        int id = 1;
        for (Part p : parts) {
            b.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: application/http").append(CRLF)
                    .append("Content-Transfer-Encoding: binary").append(CRLF)
                    .append("Content-ID: ").append(id++).append(CRLF)
                    .append(CRLF)
                    .append(p.method()).append(' ').append(p.target()).append(" HTTP/1.1").append(CRLF);
            p.headers().forEach((k, v) -> b.append(k).append(": ").append(v).append(CRLF));
            b.append(CRLF);
            if (p.body() != null) {
                b.append(new String(p.body(), StandardCharsets.UTF_8));
            }
            b.append(CRLF);
        }
        b.append("--").append(boundary).append("--").append(CRLF);
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads a batch response.
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
        parseInto(boundary, new String(body, StandardCharsets.UTF_8), out);
        return out;
    }

    private static void parseInto(String boundary, String text, List<PartResponse> out) {
        String delimiter = "--" + boundary;
        int pos = text.indexOf(delimiter);
        while (pos >= 0) {
            int start = pos + delimiter.length();
            if (text.startsWith("--", start)) {
                return;
            }
            int next = text.indexOf(delimiter, start);
            String part = text.substring(start, next < 0 ? text.length() : next);
            readPart(stripLeadingNewline(part), out);
            pos = next;
        }
    }

    private static void readPart(String part, List<PartResponse> out) {
        String[] split = splitHead(part);
        Map<String, String> mime = headers(split[0]);
        String type = mime.getOrDefault("content-type", "");
        if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            parseInto(boundary(type), split[1], out);
            return;
        }
        String[] http = splitHead(split[1]);
        int eol = http[0].indexOf('\n');
        String[] lines = eol < 0 ? new String[] {http[0]} : new String[] {http[0].substring(0, eol), http[0].substring(eol + 1)};
        String[] statusLine = lines[0].trim().split(" ", 3);
        if (statusLine.length < 2 || !statusLine[0].startsWith("HTTP/")) {
            throw new ConnectorException("a $batch response part has no status line");
        }
        int status = Integer.parseInt(statusLine[1]);
        Map<String, String> headers = headers(lines.length > 1 ? lines[1] : "");
        out.add(new PartResponse(status, headers, http[1].strip()));
    }

    /** @return {head, rest} split at the first blank line */
    private static String[] splitHead(String text) {
        int crlf = text.indexOf("\r\n\r\n");
        int lf = text.indexOf("\n\n");
        if (crlf >= 0 && (lf < 0 || crlf <= lf)) {
            return new String[] {text.substring(0, crlf), text.substring(crlf + 4)};
        }
        if (lf >= 0) {
            return new String[] {text.substring(0, lf), text.substring(lf + 2)};
        }
        return new String[] {text, ""};
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> h = new LinkedHashMap<>();
        // lines by hand: a regex split (\r?\n) of every part's header blocks was 3-6 % of a batched run's CPU
        for (int start = 0; start < block.length(); ) {
            int end = block.indexOf('\n', start);
            String line = block.substring(start, end < 0 ? block.length() : end);
            start = end < 0 ? block.length() : end + 1;
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return h;
    }

    private static String stripLeadingNewline(String s) {
        if (s.startsWith("\r\n")) {
            return s.substring(2);
        }
        return s.startsWith("\n") ? s.substring(1) : s;
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
