package org.ferry.connectors.common.http;

import java.time.Instant;

/**
 * One way of getting an access token: what to ask which endpoint, how to read its answer, and what a refusal
 * means in the user's terms. {@link TokenSource} caches the tokens and the transport retries the requests.
 */
public interface TokenGrant {

    /** An access token and when it expires. Its text is a secret: {@link #toString()} never shows it. */
    record AccessToken(String value, Instant expiresAt) {
        @Override
        public String toString() {
            return "AccessToken[expiresAt=" + expiresAt + "]";
        }
    }

    /** @return a new token request (an assertion, for one, is signed afresh for each request) */
    ApiRequest request();

    /** @return the token in a 200 answer */
    AccessToken read(ApiResponse ok);

    /** @return the exception for an answer other than 200, naming the configuration fields at fault */
    RuntimeException refused(ApiResponse response);

    /** @return the endpoint in words, for messages: "the token endpoint login.microsoftonline.com" */
    String endpoint();

    /** @return what to check when the endpoint cannot be reached, appended to the message; may be empty */
    default String unreachableHint() {
        return "";
    }
}
