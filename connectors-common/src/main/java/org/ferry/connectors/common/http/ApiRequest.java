package org.ferry.connectors.common.http;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A request to a service, before authentication and retries are added.
 *
 * @param method     the HTTP method
 * @param uri        the absolute URI
 * @param headers    extra headers (the transport adds authorization)
 * @param body       the body, or {@code null}
 * @param idempotent whether sending it twice leaves the same state: GET, DELETE and PATCH by key are;
 *                   POST create is not, so a connection dropped after sending it is not blindly retried
 */
public record ApiRequest(String method, URI uri, Map<String, String> headers, byte[] body, boolean idempotent) {
    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = Map.copyOf(headers == null ? Map.of() : headers);
    }

    public static ApiRequest get(URI uri, Map<String, String> headers) {
        return new ApiRequest("GET", uri, headers, null, true);
    }

    public ApiRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new ApiRequest(method, uri, h, body, idempotent);
    }

    /** Method and path only: queries can hold business data, and nothing here may hold a secret. */
    public String describe() {
        return method + " " + uri.getRawPath();
    }
}
