package org.ferry.connectors.common.odata;

import java.io.IOException;

import org.ferry.api.error.ConnectorException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one JSON mapper: decimals stay {@code BigDecimal} so money is never rounded through a double. */
public final class Json {
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private Json() {
    }

    public static JsonNode parse(byte[] body, String what) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ConnectorException(what + " is not valid JSON");
        }
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise JSON", e);
        }
    }
}
