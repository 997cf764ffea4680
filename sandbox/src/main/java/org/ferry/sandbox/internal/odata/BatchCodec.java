package org.ferry.sandbox.internal.odata;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.ferry.sandbox.internal.http.ApiResponse;

/**
 * Reads and writes OData {@code multipart/mixed} batch bodies (reference §2.8): top-level parts are
 * single requests or change sets (a nested multipart); each request is an {@code application/http}
 * part holding a request line, headers and a body.
 */
public final class BatchCodec {
    /** One embedded request. */
    public record Part(String contentId, String method, String url, Map<String, String> headers, byte[] body) {
    }

    /** A top-level item: one request, or a change set of several. */
    public record Item(Part request, List<Part> changeSet) {
        public boolean isChangeSet() {
            return changeSet != null;
        }
    }

    /** One response part to write, in a change set or at the top level. */
    public record Result(String contentId, ApiResponse response) {
    }

    private BatchCodec() {
    }

    public static String boundary(String contentType) throws FilterException {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
            throw new FilterException("The batch request must have a 'Content-Type' of multipart/mixed with a boundary.");
        }
        for (String p : contentType.split(";")) {
            String t = p.trim();
            if (t.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String b = t.substring(9).trim();
                return b.startsWith("\"") && b.endsWith("\"") ? b.substring(1, b.length() - 1) : b;
            }
        }
        throw new FilterException("The batch request 'Content-Type' has no boundary.");
    }

    public static List<Item> parse(String contentType, byte[] body) throws FilterException {
        List<Item> items = new ArrayList<>();
        for (String raw : split(new String(body, StandardCharsets.UTF_8), boundary(contentType))) {
            Map<String, String> headers = new LinkedHashMap<>();
            String content = headers(raw, headers);
            String type = headers.getOrDefault("content-type", "");
            if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
                List<Part> parts = new ArrayList<>();
                for (String inner : split(content, boundary(type))) {
                    Map<String, String> innerHeaders = new LinkedHashMap<>();
                    String innerContent = headers(inner, innerHeaders);
                    parts.add(request(innerHeaders.get("content-id"), innerContent));
                }
                items.add(new Item(null, parts));
            } else {
                items.add(new Item(request(headers.get("content-id"), content), null));
            }
        }
        return items;
    }

    private static List<String> split(String text, String boundary) throws FilterException {
        String normalized = text.replace("\r\n", "\n");
        String delimiter = "--" + boundary;
        List<String> parts = new ArrayList<>();
        int start = normalized.indexOf(delimiter);
        if (start < 0) {
            throw new FilterException("The batch body has no part delimited by '" + delimiter + "'.");
        }
        while (true) {
            int lineEnd = normalized.indexOf('\n', start);
            if (normalized.startsWith(delimiter + "--", start) || lineEnd < 0) {
                return parts;
            }
            int next = normalized.indexOf("\n" + delimiter, lineEnd);
            if (next < 0) {
                throw new FilterException("The batch body is not terminated by '" + delimiter + "--'.");
            }
            parts.add(normalized.substring(lineEnd + 1, next));
            start = next + 1;
        }
    }

    /** Reads MIME headers into {@code into} (lower-case names) and returns what follows the blank line. */
    private static String headers(String part, Map<String, String> into) {
        int i = 0;
        while (i < part.length()) {
            int end = part.indexOf('\n', i);
            if (end < 0) {
                end = part.length();
            }
            String line = part.substring(i, end);
            i = end + 1;
            if (line.isBlank()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                into.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return i >= part.length() ? "" : part.substring(i);
    }

    private static Part request(String contentId, String content) throws FilterException {
        String c = content.stripLeading();
        int lineEnd = c.indexOf('\n');
        String requestLine = (lineEnd < 0 ? c : c.substring(0, lineEnd)).trim();
        String[] words = requestLine.split(" ");
        if (words.length < 2) {
            throw new FilterException("The batch part has no valid request line: '" + requestLine + "'.");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        String body = lineEnd < 0 ? "" : headers(c.substring(lineEnd + 1), headers);
        return new Part(contentId, words[0].toUpperCase(Locale.ROOT), words[1], headers,
                body.strip().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a batch response body; returns it with the Content-Type (which carries the boundary). */
    public static ApiResponse write(int status, List<Object> results) {
        String boundary = "batchresponse_" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object r : results) {
            text(out, "--" + boundary + "\r\n");
            if (r instanceof Result single) {
                writePart(out, single);
            } else {
                @SuppressWarnings("unchecked")
                List<Result> changeSet = (List<Result>) r;
                String cs = "changesetresponse_" + UUID.randomUUID();
                text(out, "Content-Type: multipart/mixed; boundary=" + cs + "\r\n\r\n");
                for (Result part : changeSet) {
                    text(out, "--" + cs + "\r\n");
                    writePart(out, part);
                }
                text(out, "--" + cs + "--\r\n");
            }
        }
        text(out, "--" + boundary + "--\r\n");
        return new ApiResponse(status, out.toByteArray())
                .header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .header("OData-Version", "4.0");
    }

    private static void writePart(ByteArrayOutputStream out, Result r) {
        text(out, "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n");
        if (r.contentId() != null) {
            text(out, "Content-ID: " + r.contentId() + "\r\n");
        }
        ApiResponse resp = r.response();
        text(out, "\r\nHTTP/1.1 " + resp.status() + " " + ApiResponse.reason(resp.status()) + "\r\n");
        resp.headers().forEach((k, v) -> text(out, k + ": " + v + "\r\n"));
        text(out, "\r\n");
        out.writeBytes(resp.body());
        text(out, "\r\n");
    }

    private static void text(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
}
