package org.ferry.sandbox.internal.http;

/**
 * A failed request, carrying the HTTP status, the service error code and message. Each emulator
 * turns it into its own error body shape.
 */
public class ApiException extends Exception {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code == null ? "" : code;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "", message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, "", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
