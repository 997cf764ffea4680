package org.ferry.admin.internal.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RetriableException;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Errors that are not the server's fault answer as such: never a 500. */
class ProblemMapperTest {
    private final ObjectMapper json = new JsonMapperProvider().mapper();

    record Schedule(Integer every, java.util.List<String> statuses, java.util.Map<String, String> config) {
    }

    @Test
    void aSystemThatDoesNotAnswerIsABadGateway() {
        assertEquals(502, ProblemMapper.toProblem(new RetriableException("GET /x failed after 10 attempts", null)).status());
        assertEquals(502, ProblemMapper.toProblem(new ConnectorException("the service refused")).status());
    }

    @Test
    void aBodyCutOffAtTheLimitIs413WhateverWrapsIt() {
        IOException cut = new BodyLimit.TooLarge("the request body is larger than 1024 bytes");
        assertEquals(413, ProblemMapper.toProblem(new IllegalStateException(new RuntimeException(cut))).status());
    }

    @Test
    void outOfRangeNumbersAndNullsInsideCollectionsNameTheirField() {
        Problem range = problemOf("{\"every\": 2147483648}");
        assertEquals(400, range.status());
        assertEquals("every", range.errors().get(0).field());
        Problem inList = problemOf("{\"statuses\": [\"a\", null]}");
        assertEquals("statuses.1", inList.errors().get(0).field());
        assertEquals("must not be null", inList.errors().get(0).message());
        Problem inMap = problemOf("{\"config\": {\"environment\": null}}");
        assertEquals("config.environment", inMap.errors().get(0).field());
    }

    private Problem problemOf(String body) {
        try {
            json.readValue(body, Schedule.class);
        } catch (IOException e) {
            return ProblemMapper.toProblem(e);
        }
        throw new AssertionError("accepted " + body);
    }
}
