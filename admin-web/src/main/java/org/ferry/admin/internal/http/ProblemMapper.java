package org.ferry.admin.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The one place errors become responses: every failure of every resource, including Jersey's own
 * (404 for unknown paths, 405, 415) and Jackson's (malformed JSON, unknown fields), leaves as a
 * {@link Problem}. Unexpected failures are logged with an id the body repeats, and their details stay
 * in the log.
 */
public class ProblemMapper implements ExceptionMapper<Throwable> {
    private static final Logger LOG = LoggerFactory.getLogger(ProblemMapper.class);

    @Override
    public Response toResponse(Throwable error) {
        Problem problem = toProblem(error);
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if (error instanceof WebApplicationException wae && wae.getResponse().getHeaderString("Allow") != null) {
            response.header("Allow", wae.getResponse().getHeaderString("Allow"));
        }
        return response.build();
    }

    static Problem toProblem(Throwable error) {
        if (error instanceof ProblemException p) {
            return problem(p.status(), p.title(), p.getMessage(), p.errors());
        }
        if (error instanceof ConfigurationException c) {
            return problem(422, "Unprocessable Content", c.getMessage(), c.problems());
        }
        if (error instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            return problem(400, "Bad Request", "unknown field '" + field + "'",
                    List.of(new FieldProblem(field, "is not a known field")));
        }
        if (error instanceof JsonMappingException m) {
            String field = path(m);
            String message = m.getOriginalMessage() == null ? "has the wrong type" : firstLine(m.getOriginalMessage());
            return problem(400, "Bad Request", "invalid value" + (field.isEmpty() ? "" : " for '" + field + "'"),
                    List.of(new FieldProblem(field.isEmpty() ? null : field, message)));
        }
        if (error instanceof JsonProcessingException j) {
            return problem(400, "Bad Request", "malformed JSON: " + firstLine(j.getOriginalMessage()), List.of());
        }
        if (error instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            return problem(status, title, status == 404 ? "no resource at this path" : defaultDetail(w, title), List.of());
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", id, error);
        return problem(500, "Internal Server Error", "unexpected error; the server log has the details under id " + id,
                List.of());
    }

    private static Problem problem(int status, String title, String detail, List<FieldProblem> errors) {
        return new Problem("about:blank", title, status, detail, errors);
    }

    private static String defaultDetail(WebApplicationException w, String title) {
        String message = w.getMessage();
        return message == null || message.startsWith("HTTP ") ? title : message;
    }

    private static String path(JsonMappingException e) {
        List<String> parts = new ArrayList<>();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                parts.add(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                parts.add(Integer.toString(ref.getIndex()));
            }
        }
        return String.join(".", parts);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
