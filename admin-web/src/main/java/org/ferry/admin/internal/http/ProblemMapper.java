package org.ferry.admin.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.ConnectorException;
import org.ferry.api.error.RetriableException;
import org.ferry.api.error.FieldProblem;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.NotFoundException;
import org.glassfish.jersey.server.ParamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The one place errors become responses: every failure of every resource and of the authentication
 * filter, including Jersey's own (404 for unknown paths, 405, 415) and Jackson's (malformed JSON,
 * unknown fields), leaves as a {@link Problem}. Unexpected failures are logged with an id the body
 * repeats, and their details stay in the log.
 *
 * <p>Messages about bad JSON never quote the values sent: a mistyped secret would otherwise be echoed
 * back (and shown by whatever displays errors).
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
        if (error instanceof ProblemException p) {
            p.headers().forEach(response::header);
        }
        if (problem.status() == 413) {
            // the rest of the body is never read, so the connection cannot carry another request: say so, and the
            // server closes it after the answer instead of leaving a client blocked on sending into it
            response.header("Connection", "close");
        }
        return response.build();
    }

    static Problem toProblem(Throwable error) {
        if (error instanceof ProblemException p) {
            return problem(p.status(), p.title(), p.getMessage(), p.errors());
        }
        BodyLimit.TooLarge tooLarge = BodyLimit.find(error);
        if (tooLarge != null) {
            return problem(413, "Content Too Large", tooLarge.getMessage(), List.of());
        }
        if (error instanceof ParamException p && p.getParameterType() != PathParam.class) {
            // Jersey answers a query parameter it cannot convert with 404, as if the route did not exist
            String name = p.getParameterName();
            return problem(400, "Bad Request", "invalid value for '" + name + "'",
                    List.of(new FieldProblem(name, "must be a whole number from 0 to " + Integer.MAX_VALUE)));
        }
        if (error instanceof ConfigurationException c) {
            return problem(422, "Unprocessable Content", c.getMessage(), c.problems());
        }
        if (error instanceof RetriableException || error instanceof ConnectorException) {
            // the connected system failed or did not answer: its fault, not the server's, and the user can act on it
            return problem(502, "Bad Gateway", "the connected system failed: " + error.getMessage(), List.of());
        }
        if (error instanceof NotFoundException n) {
            return problem(404, "Not Found", n.getMessage(), List.of());
        }
        if (error instanceof ConflictException c) {
            return problem(409, "Conflict", c.getMessage(), List.of());
        }
        if (error instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            return problem(400, "Bad Request", "unknown field '" + field + "'",
                    List.of(new FieldProblem(field, "is not a known field")));
        }
        if (error instanceof JsonMappingException m) {
            String field = path(m);
            String message = m instanceof InvalidNullException ? "must not be null"
                    : m instanceof MismatchedInputException mi && mi.getTargetType() != null
                    ? "expected " + describe(mi.getTargetType()) : "has the wrong type or format";
            return problem(400, "Bad Request", "invalid value" + (field.isEmpty() ? "" : " for '" + field + "'"),
                    List.of(new FieldProblem(field.isEmpty() ? null : field, message)));
        }
        if (error instanceof InputCoercionException n) {
            // a number out of range for its field (2147483648 for an integer): the parser knows where it was
            String field = field(n.getProcessor());
            return problem(400, "Bad Request", "number out of range" + (field.isEmpty() ? "" : " for '" + field + "'"),
                    List.of(new FieldProblem(field.isEmpty() ? null : field, "is out of range for "
                            + describe(n.getTargetType()))));
        }
        if (error instanceof JsonProcessingException j) {
            JsonLocation at = j.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            return problem(400, "Bad Request", "malformed JSON" + where, List.of());
        }
        if (error instanceof WebApplicationException w) {
            int status = w.getResponse().getStatus();
            Response.Status known = Response.Status.fromStatusCode(status);
            String title = known == null ? "Error" : known.getReasonPhrase();
            return problem(status, title, status == 404 ? "no resource at this path" : defaultDetail(w, title), List.of());
        }
        if (org.ferry.store.Dialect.isConnectionLost(error)) {
            // the store's server is restarting or out of reach: the request may succeed in a moment
            LOG.warn("A request failed: the store is out of reach ({})", error.getMessage());
            return problem(503, "Service Unavailable", "the store is out of reach (its server may be restarting);"
                    + " try again in a moment", List.of());
        }
        String id = UUID.randomUUID().toString();
        LOG.error("Unexpected error {}", id, error);
        return problem(500, "Internal Server Error", "unexpected error; the server log has the details under id " + id,
                List.of());
    }

    private static Problem problem(int status, String title, String detail, List<FieldProblem> errors) {
        return new Problem("about:blank", title, status, detail, errors);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == null) {
            return "its type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        if (type == java.time.Instant.class) {
            return "an ISO-8601 date-time such as 2026-01-31T08:00:00Z";
        }
        return "a value of another type";
    }

    private static String defaultDetail(WebApplicationException w, String title) {
        String message = w.getMessage();
        return message == null || message.startsWith("HTTP ") ? title : message;
    }

    /** The field a streaming parser was reading, as {@code a.b.0.c}. */
    private static String field(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.getCurrentName() != null) {
                parts.add(0, c.getCurrentName());
            } else if (c.inArray()) {
                parts.add(0, Integer.toString(Math.max(0, c.getCurrentIndex())));
            }
        }
        return String.join(".", parts);
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
}
