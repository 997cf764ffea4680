package org.ferry.admin.internal.http;

import java.io.IOException;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.servlet.whiteboard.Preprocessor;

import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * Puts {@link JettyProblemHandler} in place of Jetty's HTML error page, on the server the HTTP whiteboard built.
 *
 * <p>Why here: Felix's Jetty bundle builds the server itself and offers no setting for its error handler; the
 * other way, a laxer URI compliance mode plus our own check of every path, would hand Jetty's ambiguity rules
 * (empty segments, encoded separators and dot segments, path parameters, bad encodings) to code of ours and still
 * leave the pages of requests Jetty cannot parse in HTML. So Jetty keeps refusing what it refuses, and only the
 * words change. The server is reached from inside a request, where Jetty knows its current context: the first
 * request through the whiteboard (the launcher's own health check, before it says the server is up) installs the
 * handler; a refused request that came before it gets Jetty's page. Removed again when this bundle stops, so
 * Jetty never holds a class of a stopped bundle.
 */
@Component(service = Preprocessor.class)
public class JettyErrorPages implements Preprocessor {
    private final JettyProblemHandler handler = new JettyProblemHandler();
    private volatile ServletContextHandler context;
    private Request.Handler previousServerHandler;
    private Request.Handler previousContextHandler;

    @Override
    public void init(FilterConfig config) {
        // nothing to set up: the handler is installed by the first request, which knows the server
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (context == null) {
            install();
        }
        chain.doFilter(request, response);
    }

    private synchronized void install() {
        ServletContextHandler current = ServletContextHandler.getCurrentServletContextHandler();
        if (context != null || current == null) {
            return;
        }
        Server server = current.getServer();
        previousServerHandler = server.getErrorHandler();
        previousContextHandler = current.getErrorHandler();
        server.setErrorHandler(handler);
        current.setErrorHandler(handler);
        context = current;
    }

    @Override
    @Deactivate
    public synchronized void destroy() {
        ServletContextHandler installed = context;
        if (installed == null) {
            return;
        }
        if (installed.getErrorHandler() == handler) {
            installed.setErrorHandler(previousContextHandler);
        }
        Server server = installed.getServer();
        if (server != null && server.getErrorHandler() == handler) {
            server.setErrorHandler(previousServerHandler);
        }
        context = null;
    }
}
