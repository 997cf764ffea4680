package org.ferry.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.SandboxServlet;
import org.ferry.sandbox.internal.throttle.RequestLog;

/**
 * The sandbox (Dataverse and F&O emulators, token endpoint) on an embedded Jetty at 127.0.0.1 on a
 * free port, for tests and benchmarks:
 * <pre>{@code
 * try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().accounts(1000).build())) {
 *     config: baseUrl = sandbox.salesUrl(), tokenUrl = sandbox.tokenUrl(),
 *             clientId = sandbox.clientId(), clientSecret = sandbox.clientSecret()
 * }
 * }</pre>
 */
public final class SandboxServer implements AutoCloseable {
    private final Server server;
    private final SandboxServlet servlet;
    private final String baseUrl;

    private SandboxServer(Server server, SandboxServlet servlet, String baseUrl) {
        this.server = server;
        this.servlet = servlet;
        this.baseUrl = baseUrl;
    }

    /** A sandbox with the default options (the Prospect-to-Cash sample, no faults). */
    public static SandboxServer start() {
        return start(SandboxOptions.builder().build());
    }

    /** A sandbox on 127.0.0.1 and a free port. */
    public static SandboxServer start(SandboxOptions options) {
        return start(options, "127.0.0.1", 0);
    }

    /** A sandbox on the given interface and port (0 = a free port), e.g. for a standalone run. */
    public static SandboxServer start(SandboxOptions options, String host, int port) {
        SandboxServlet servlet = new SandboxServlet(options);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/sandbox/*");
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("the sandbox server did not start", e);
        }
        String shownHost = host.equals("0.0.0.0") ? "127.0.0.1" : host;
        return new SandboxServer(server, servlet, "http://" + shownHost + ":" + connector.getLocalPort() + "/sandbox");
    }

    /** {@code http://127.0.0.1:<port>/sandbox} */
    public String baseUrl() {
        return baseUrl;
    }

    /** Expires every Dataverse change-tracking token issued so far, as the organization's retention would. */
    public void expireDeltaTokens() {
        servlet.sandbox().sales().expireDeltaTokens();
    }

    /** The Sales environment URL (a connection's base URL); the Web API is below {@code /api/data/v9.2/}. */
    public String salesUrl() {
        return baseUrl + "/sales";
    }

    /** {@code …/sales/api/data/v9.2/} */
    public String salesApiUrl() {
        return salesUrl() + "/api/data/v9.2/";
    }

    /** The F&O environment URL; the OData service root is {@code /data/} below it. */
    public String operationsUrl() {
        return baseUrl + "/operations";
    }

    /** {@code …/operations/data/} */
    public String operationsDataUrl() {
        return operationsUrl() + "/data/";
    }

    /** The Azure AD v2-shaped token endpoint for tenant {@code contoso}. */
    public String tokenUrl() {
        return tokenUrl("contoso");
    }

    public String tokenUrl(String tenant) {
        return baseUrl + "/login/" + tenant + "/oauth2/v2.0/token";
    }

    /** The emulated IMDS managed identity endpoint (a connection's {@code identityEndpoint}). */
    public String imdsUrl() {
        return baseUrl + "/metadata/identity/oauth2/token";
    }

    /** The emulated App Service identity endpoint: what App Service puts in {@code IDENTITY_ENDPOINT}. */
    public String appServiceIdentityUrl() {
        return baseUrl + "/msi/token";
    }

    /** What App Service would put in {@code IDENTITY_HEADER}. */
    public String identityHeader() {
        return servlet.options().identityHeader();
    }

    public String clientId() {
        return SandboxOptions.CLIENT_ID;
    }

    public String clientSecret() {
        return servlet.options().clientSecret();
    }

    public SandboxOptions options() {
        return servlet.options();
    }

    public SandboxServlet servlet() {
        return servlet;
    }

    /** Requests seen by the sandbox, 429s with their Retry-After, dropped connections. */
    public RequestLog requestLog() {
        return servlet.requestLog();
    }

    /** Fetches an access token with client credentials, for tests that talk HTTP directly. */
    public String accessToken(String scope) {
        String form = "client_id=" + enc(clientId()) + "&client_secret=" + enc(clientSecret())
                + "&grant_type=client_credentials&scope=" + enc(scope);
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("token request failed with " + r.statusCode());
            }
            String body = r.body();
            int i = body.indexOf("\"access_token\":\"") + 16;
            return body.substring(i, body.indexOf('"', i));
        } catch (IOException e) {
            throw new IllegalStateException("token request failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the sandbox server did not stop cleanly", e);
        }
    }
}
