package org.ferry.sandbox.internal.operations;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ferry.sandbox.internal.http.ApiException;
import org.ferry.sandbox.internal.http.ApiResponse;

/**
 * F&O error bodies (reference §3.5): {@code {"error":{"code":"","message":"An error has occurred.",
 * "innererror":{"message","type","stacktrace"}}}}. Write failures carry the infolog text and the
 * AxODataWriteException type, with HTTP 500 as in the captured response.
 */
final class OperationsErrors {
    static final String WRITE_EXCEPTION = "Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException";
    static final String ODATA_EXCEPTION = "Microsoft.OData.ODataException";
    /** The ApiException code marking "wrap my message as innererror of this type". */
    private static final String INNER = "inner:";

    private OperationsErrors() {
    }

    /** A failed write: {@code Write failed for table row of type '<aot>'. Infolog: <infolog>}. */
    static ApiException writeFailed(String aotName, String infolog) {
        return new ApiException(500, INNER + WRITE_EXCEPTION,
                "Write failed for table row of type '" + aotName + "'. Infolog: " + infolog);
    }

    /** A request the OData layer refuses before any X++ runs (bad syntax, unknown property, bad value). */
    static ApiException odata(int status, String message) {
        return new ApiException(status, INNER + ODATA_EXCEPTION, message);
    }

    static ApiResponse body(int status, String code, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", "");
        if (code != null && code.startsWith(INNER)) {
            error.put("message", "An error has occurred.");
            Map<String, Object> inner = new LinkedHashMap<>();
            inner.put("message", message);
            inner.put("type", code.substring(INNER.length()));
            inner.put("stacktrace", "");
            error.put("innererror", inner);
        } else {
            error.put("message", message);
        }
        return ApiResponse.json(status, Map.of("error", error));
    }
}
