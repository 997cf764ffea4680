package org.ferry.admin.internal.runs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.ferry.admin.internal.http.ProblemException;
import org.ferry.runtime.management.RunErrorGroup;
import org.ferry.runtime.management.RunErrorQuery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A group of a run's errors as {@code GET /api/runs/{id}/errors/groups} answers it.
 *
 * @param task       the task's name, or {@code null} for the run as a whole
 * @param leg        the leg, or {@code null}
 * @param field      the field at fault, or {@code null}
 * @param kind       {@code failed}, {@code skipped}, {@code run} or {@code warning}
 * @param message    the message's pattern, {@code …} where the messages differ
 * @param count      how many errors
 * @param sampleKeys the business keys (or source ids) of its first records
 * @param example    its first message as written
 * @param group      pass as {@code ?group=} to {@code GET /api/runs/{id}/errors} to list exactly this group
 */
public record ErrorGroupItem(String task, String leg, String field, String kind, String message, long count,
                             List<String> sampleKeys, String example, String group) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ErrorGroupItem of(RunErrorGroup g) {
        List<String> parts = new ArrayList<>(java.util.Arrays.asList(g.task(), g.leg(), g.field(), g.kind(), g.pattern()));
        try {
            String token = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(JSON.writeValueAsString(parts).getBytes(StandardCharsets.UTF_8));
            return new ErrorGroupItem(g.task(), g.leg(), g.field(), g.kind(), g.message(), g.count(), g.sampleKeys(),
                    g.example(), token);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the query listing the group a token names; a token that is not one is a 400 naming {@code group} */
    static RunErrorQuery query(String token) {
        try {
            JsonNode parts = JSON.readTree(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (!parts.isArray() || parts.size() != 5) {
                throw new IllegalArgumentException("not a group");
            }
            return RunErrorQuery.exactly(text(parts.get(0)), text(parts.get(1)), text(parts.get(2)), text(parts.get(3)),
                    text(parts.get(4)));
        } catch (IllegalArgumentException | JsonProcessingException e) {
            throw ProblemException.badParameter("group", "is not a group of GET /api/runs/{runId}/errors/groups");
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
