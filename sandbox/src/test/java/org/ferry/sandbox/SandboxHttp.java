package org.ferry.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** An embedded sandbox plus a small HTTP client, for this module's tests (real HTTP, no connector). */
final class SandboxHttp implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final SandboxServlet servlet;
    final String base;
    final String sales;
    final String operations;
    final String tokenUrl;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Server server;
    private String token;

    SandboxHttp(SandboxOptions options) throws Exception {
        servlet = new SandboxServlet(options);
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addServlet(new ServletHolder(servlet), "/sandbox/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort() + "/sandbox/";
        sales = base + "sales/api/data/v9.2/";
        operations = base + "operations/data/";
        tokenUrl = base + "login/contoso/oauth2/v2.0/token";
    }

    static SandboxHttp start() throws Exception {
        return new SandboxHttp(SandboxOptions.builder().clientSecret("test-secret").build());
    }

    HttpResponse<String> tokenResponse(String form) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    String token() throws IOException, InterruptedException {
        if (token == null) {
            HttpResponse<String> r = tokenResponse("client_id=ferry-sandbox&client_secret="
                    + URLEncoder.encode(servlet.options().clientSecret(), StandardCharsets.UTF_8)
                    + "&grant_type=client_credentials&scope=" + URLEncoder.encode(base + "sales/.default", StandardCharsets.UTF_8));
            token = JSON.readTree(r.body()).get("access_token").asText();
        }
        return token;
    }

    HttpRequest.Builder request(String url) throws IOException, InterruptedException {
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token())
                .header("Accept", "application/json").header("OData-MaxVersion", "4.0").header("OData-Version", "4.0");
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(url).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    HttpResponse<String> write(String method, String url, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = request(url).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
