package org.ferry.admin.internal.http;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.ferry.api.error.FieldProblem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Jetty's error page as a problem body: what Jetty answers itself, before any servlet of ours sees the request
 * (an ambiguous path such as {@code /api/connections//test}, a request it cannot parse, a servlet's
 * {@code sendError}), in the same shape as every other error of the API. A path Jetty refuses names the field
 * {@code path}.
 */
final class JettyProblemHandler extends ErrorHandler {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The servlet layer's name for the message of a {@code sendError}. */
    private static final String SERVLET_ERROR_MESSAGE = "jakarta.servlet.error.message";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        Object message = request.getAttribute(ERROR_MESSAGE);
        if (message == null) {
            message = request.getAttribute(SERVLET_ERROR_MESSAGE);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if ("HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.write(true, ByteBuffer.wrap(body(status, message == null ? null : message.toString())), callback);
        return true;
    }

    static byte[] body(int status, String message) {
        String title = HttpStatus.getMessage(status);
        String text = message == null || message.isBlank() || message.equals(title) ? null : message;
        Problem problem;
        if (text != null && text.toLowerCase(Locale.ROOT).startsWith("ambiguous uri")) {
            String why = text.substring("ambiguous uri".length()).trim();
            String detail = "ambiguous (" + why + "): write the path without empty segments ('//'), encoded '/' or"
                    + " '.', and ';' parameters";
            problem = new Problem("about:blank", title, status, "path: " + detail, List.of(new FieldProblem("path", detail)));
        } else if (status == HttpStatus.NOT_FOUND_404) {
            problem = new Problem("about:blank", title, status, "no resource at this path", List.of());
        } else {
            problem = new Problem("about:blank", title, status, text == null ? title : text, List.of());
        }
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
