package org.ferry.connectors.common.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A request to a service, before authentication and retries are added.
 *
 * @param method     the HTTP method
 * @param uri        the absolute URI
 * @param headers    extra headers (the transport adds authorization)
 * @param body       the body, or {@code null}
 * @param idempotent whether sending it twice leaves the same state: GET, DELETE and PATCH by key are, and so is a
 *                   {@code $batch} of only such requests; POST create is not, so a connection dropped after sending
 *                   it, or a server error that may have come after it ran, is not blindly retried
 * @param passing    statuses this endpoint documents as passing, retried like a 503 on top of the usual ones (the
 *                   managed identity endpoint answers 404 and 410 while it updates)
 */
public record ApiRequest(String method, URI uri, Map<String, String> headers, byte[] body, boolean idempotent,
                         Set<Integer> passing) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
        passing = passing == null ? Set.of() : Set.copyOf(passing);
    }

    public ApiRequest(String method, URI uri, Map<String, String> headers, byte[] body, boolean idempotent) {
        this(method, uri, headers, body, idempotent, Set.of());
    }

    public static ApiRequest get(URI uri, Map<String, String> headers) {
        return new ApiRequest("GET", uri, headers, null, true);
    }

    public ApiRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiRequest(method, uri, h, body, idempotent, passing);
    }

    /** Method and path only: queries can hold business data, and nothing here may hold a secret. */
    public String describe() {
        return method + " " + uri.getRawPath();
    }
}
