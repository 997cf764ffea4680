package org.ferry.admin.internal.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What every answer of this server gets, before any servlet runs: {@code TRACE} (and {@code TRACK}) refused on
 * every path, {@code X-Content-Type-Options: nosniff} everywhere, and for the API {@code Cache-Control: no-store}
 * (answers carry tokens and configuration) and a cap on the request body ({@link BodyLimit}), so a client cannot
 * make the server buffer an unbounded document. A servlet filter rather than Jersey filters, so answers that
 * never reach Jersey (a 413 before the body is read, a TRACE to the console) get the same treatment.
 */
@Component(service = Filter.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_PATTERN + "=/*",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_NAME + "=ferry-http-hardening",
        // in front of GET /api/events, which answers asynchronously
        HttpWhiteboardConstants.HTTP_WHITEBOARD_FILTER_ASYNC_SUPPORTED + "=true"})
public class HttpHardening implements Filter {
    private static final String ALLOW = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

    private final BodyLimit limit;

    @Activate
    public HttpHardening(BundleContext context) {
        this(BodyLimit.of(context::getProperty));
    }

    HttpHardening(BodyLimit limit) {
        this.limit = limit;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        boolean api = "/api".equals(request.getServletPath());
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (api) {
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
        }
        String method = request.getMethod().toUpperCase(Locale.ROOT);
        if (method.equals("TRACE") || method.equals("TRACK")) {
            // the servlet default echoes the request, headers included (cross-site tracing)
            response.setHeader("Allow", ALLOW);
            refuse(response, api, 405, "Method Not Allowed", method + " is not supported here");
            return;
        }
        if (!api) {
            chain.doFilter(request, response);
            return;
        }
        long max = limit.maxFor(method, request.getPathInfo());
        if (request.getContentLengthLong() > max) {
            // the body stays unread: the connection closes after the answer (a client that sent Expect:
            // 100-continue never sends it)
            response.setHeader("Connection", "close");
            refuse(response, true, 413, "Content Too Large", limit.message(max));
            return;
        }
        chain.doFilter(limit.bounded(request, max), response);
    }

    /** A problem body for the API; plain text elsewhere (the console's pages are not JSON clients). */
    static void refuse(HttpServletResponse response, boolean api, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        if (api) {
            response.setContentType(Problem.MEDIA_TYPE);
            byte[] body = ("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"errors\":[]}")
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        } else {
            response.setContentType("text/plain;charset=utf-8");
            response.getOutputStream().write((title + "\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
