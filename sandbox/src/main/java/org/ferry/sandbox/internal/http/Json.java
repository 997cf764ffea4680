package org.ferry.sandbox.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one ObjectMapper of the sandbox; decimals stay BigDecimal so money round-trips exactly. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

    private Json() {
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a request body that must be a JSON object. */
    public static ObjectNode object(byte[] body) throws ApiException {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            throw ApiException.badRequest("Error parsing the request body: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        throw ApiException.badRequest("The request body must be a JSON object.");
    }

    public static ObjectNode newObject() {
        return MAPPER.createObjectNode();
    }
}
