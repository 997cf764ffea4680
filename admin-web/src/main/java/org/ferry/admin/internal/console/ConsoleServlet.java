package org.ferry.admin.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web console: the static files under {@code console/} in this bundle, served at {@code /}.
 *
 * <p>A servlet rather than whiteboard resources, because the console's responses need security headers
 * (a strict Content-Security-Policy, no framing, no sniffing) and revalidation, which plain whiteboard
 * resources cannot add. It is the whiteboard's default servlet ({@code /}), so every more specific
 * pattern — {@code /api/*} (Jersey), {@code /sandbox/*} — keeps its own servlet.
 */
@Component(service = Servlet.class, property = {
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN + "=/",
        HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME + "=ferry-console"})
public class ConsoleServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient Function<String, URL> resources;
    /** Changes whenever the bundle is updated, so browsers revalidate to fresh files after an upgrade. */
    private final String etag;

    @Activate
    public ConsoleServlet(BundleContext context) {
        this(context.getBundle()::getEntry, etagOf(context.getBundle()));
    }

    ConsoleServlet(Function<String, URL> resources, String etag) {
        this.resources = resources;
        this.etag = etag;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, true);
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        serve(request, response, false);
    }

    private void serve(HttpServletRequest request, HttpServletResponse response, boolean body) throws IOException {
        ConsoleFiles.Headers.apply(response::setHeader);
        String path = ConsoleFiles.resourcePath(request.getServletPath(), request.getPathInfo());
        URL url = path == null ? null : resources.apply(path);
        if (url == null) {
            response.setContentType("text/plain;charset=utf-8");
            response.sendError(HttpServletResponse.SC_NOT_FOUND, "Not found");
            return;
        }
        response.setHeader("ETag", etag);
        // no hashed file names (no build step), so every file is revalidated; a 304 costs one round trip
        response.setHeader("Cache-Control", "no-cache");
        if (etag.equals(request.getHeader("If-None-Match"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        response.setContentType(ConsoleFiles.contentType(path));
        if (!body) {
            return;
        }
        try (InputStream in = url.openStream(); OutputStream out = response.getOutputStream()) {
            in.transferTo(out);
        }
    }

    private static String etagOf(Bundle bundle) {
        return "\"" + bundle.getVersion() + "-" + bundle.getLastModified() + "\"";
    }
}
