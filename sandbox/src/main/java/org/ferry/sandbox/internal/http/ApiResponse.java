package org.ferry.sandbox.internal.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** A response produced by an emulator; the servlet or the batch writer serializes it. */
public final class ApiResponse {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    public ApiResponse(int status, byte[] body) {
        this.status = status;
        this.body = body == null ? new byte[0] : body;
    }

    public static ApiResponse empty(int status) {
        return new ApiResponse(status, null);
    }

    public static ApiResponse json(int status, Object value) {
        return new ApiResponse(status, Json.bytes(value))
                .header("Content-Type", "application/json; odata.metadata=minimal; charset=utf-8")
                .header("OData-Version", "4.0");
    }

    public static ApiResponse text(int status, String contentType, String text) {
        return new ApiResponse(status, text.getBytes(StandardCharsets.UTF_8)).header("Content-Type", contentType);
    }

    public ApiResponse header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    public static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 412 -> "Precondition Failed";
            case 413 -> "Request Entity Too Large";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            default -> "Status " + status;
        };
    }
}
