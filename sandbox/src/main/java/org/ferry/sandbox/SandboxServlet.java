package org.ferry.sandbox;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import org.ferry.sandbox.internal.Sandbox;
import org.ferry.sandbox.internal.auth.TokenIssuer;
import org.ferry.sandbox.internal.http.ApiRequest;
import org.ferry.sandbox.internal.http.ApiResponse;
import org.ferry.sandbox.internal.odata.BatchExecutor;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.sandbox.internal.throttle.Affinity;
import org.ferry.sandbox.internal.throttle.ServerTime;
import org.ferry.sandbox.internal.throttle.ServiceProtection;

/**
 * The sandbox as one servlet, meant to be mounted at {@code /sandbox/*}:
 * <ul>
 * <li>{@code login/{tenant}/oauth2/v2.0/token} — Azure AD v2 client-credentials token endpoint (and the
 * v1 form {@code login/{tenant}/oauth2/token} with {@code resource});</li>
 * <li>{@code sales/api/data/v9.2/…} — Dataverse Web API (Dynamics 365 Sales);</li>
 * <li>{@code operations/data/…} — Finance and Operations OData;</li>
 * <li>{@code POST control/expire-delta-tokens} — expires every Dataverse change-tracking token issued so far, as
 * the organization's retention would (for tests and for trying a client's full re-sync); needs a valid token;</li>
 * <li>{@code metadata/identity/oauth2/token} and {@code msi/token} — the managed identity endpoints of IMDS and of
 * App Service.</li>
 * </ul>
 * Data routes need a bearer token, pass service protection and fault injection, and are logged.
 */
public class SandboxServlet extends HttpServlet {
    private static final String SALES = "sales/api/data/v9.2/";
    private static final String OPERATIONS = "operations/data/";
    private static final String IMDS = "metadata/identity/oauth2/token";
    private static final String APP_SERVICE_IDENTITY = "msi/token";

    private final transient Sandbox sandbox;

    public SandboxServlet(SandboxOptions options) {
        this.sandbox = new Sandbox(options);
    }

    public SandboxOptions options() {
        return sandbox.options();
    }

    /** Every request seen, with 429s and dropped connections, for tests to inspect. */
    public RequestLog requestLog() {
        return sandbox.log();
    }

    /** The assembled emulators, for tests in this module that inspect the stores directly. */
    public Sandbox sandbox() {
        return sandbox;
    }

    /** Saves the sandbox's data, when it keeps any, and stops saving. */
    @Override
    public void destroy() {
        sandbox.close();
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long nanos = System.nanoTime();
        Instant at = Instant.now();
        String raw = request.getRequestURI().substring(request.getContextPath().length() + request.getServletPath().length());
        String relative = raw.startsWith("/") ? raw.substring(1) : raw;
        String base = request.getRequestURL().toString();
        base = base.substring(0, base.length() - raw.length()) + "/";
        String method = request.getMethod();
        String client = "anonymous";
        ApiResponse result;
        Integer retryAfter = null;
        boolean dropped = false;
        Duration stall = Duration.ZERO;
        int server = -1;
        String service;
        BatchExecutor.Service target;
        String root;
        if (relative.startsWith(SALES) || (relative + "/").equals(SALES)) {
            service = "sales";
            target = sandbox.sales();
            root = base + SALES;
        } else if (relative.startsWith(OPERATIONS) || (relative + "/").equals(OPERATIONS)) {
            service = "operations";
            sandbox.operations().packages().blobRoot(base);
            target = sandbox.operations();
            root = base + OPERATIONS;
        } else if (relative.equals("control/expire-delta-tokens")) {
            ApiRequest api = toApi(request, "", base);
            if (!method.equals("POST")) {
                result = sandbox.sales().error(405, "", "POST expires the delta tokens");
            } else if (sandbox.tokens().check(api.header("Authorization")) != TokenIssuer.Check.VALID) {
                result = unauthorized(sandbox.sales(), sandbox.tokens().check(api.header("Authorization")), base);
            } else {
                sandbox.sales().expireDeltaTokens();
                result = ApiResponse.empty(204);
            }
            sandbox.log().add(new RequestLog.Entry(at, nanos, client, "control", method, relative, result.status(), null, false));
            write(response, result);
            return;
        } else if (relative.startsWith("blob/")) {
            // the storage account the package API's write URLs point at: a SAS URL carries its own signature
            ApiRequest api = toApi(request, "", base);
            sandbox.operations().packages().blobRoot(base);
            result = sandbox.operations().packages().blob(api, relative.substring("blob/".length()));
            sandbox.log().add(new RequestLog.Entry(at, nanos, client, "blob", method, relative, result.status(), null, false,
                    false));
            write(response, result);
            return;
        } else if (relative.equals("control/budget")) {
            ApiRequest api = toApi(request, "", base);
            if (sandbox.tokens().check(api.header("Authorization")) != TokenIssuer.Check.VALID) {
                result = unauthorized(sandbox.sales(), sandbox.tokens().check(api.header("Authorization")), base);
            } else {
                result = ApiResponse.json(200, sandbox.protection().report());
            }
            write(response, result);
            return;
        } else if (relative.matches("login/[^/]+/oauth2/(v2\\.0/)?token")) {
            result = sandbox.tokenEndpoint().handle(toApi(request, "", base), !relative.contains("/v2.0/"), base + relative);
            // logged before the answer is written, as every request is: a client holding its answer finds it logged
            sandbox.log().add(new RequestLog.Entry(at, nanos, client, "login", method, relative, result.status(), null, false,
                    false));
            write(response, result);
            return;
        } else if (relative.equals(IMDS) || relative.equals(APP_SERVICE_IDENTITY)) {
            ApiRequest api = toApi(request, "", base);
            result = relative.equals(IMDS) ? sandbox.identityEndpoint().imds(api) : sandbox.identityEndpoint().appService(api);
            sandbox.log().add(new RequestLog.Entry(at, nanos, client, "identity", method, relative, result.status(), null,
                    false, false));
            write(response, result);
            return;
        } else {
            sandbox.log().add(new RequestLog.Entry(at, nanos, client, "none", method, relative, 404, null, false, false));
            response.sendError(404);
            return;
        }
        String path = relative.length() > root.length() - base.length() ? relative.substring(root.length() - base.length()) : "";
        ApiRequest api = toApi(request, ApiRequest.decodePath(path), root);
        TokenIssuer.Check check = sandbox.tokens().check(api.header("Authorization"));
        if (check != TokenIssuer.Check.VALID) {
            result = unauthorized(target, check, base);
        } else {
            // limits are per user and per service: a 429 from Dataverse says nothing about F&O
            String user = sandbox.tokens().grant(api.header("Authorization")).clientId();
            client = user + "@" + service;
            Integer affinity = service.equals("sales") ? Affinity.server(api.header("Cookie")) : null;
            ServiceProtection.Admission admission = sandbox.protection().admit(user, service, affinity);
            server = admission.server();
            try {
                if (!admission.admitted()) {
                    retryAfter = admission.retryAfter();
                    result = throttled(target, service, admission);
                } else if (api.method().equals("POST") && api.path().equals("$batch") && sandbox.protection().failBatch()) {
                    result = batchFailure(target, service);
                } else if (service.equals("sales") && api.isWrite() && bypass(api) && !sandbox.options().bypassPrivilege()) {
                    result = target.error(403, "0x80040220", "Principal user (Id=00000000-0000-0000-0000-00000000f0e1,"
                            + " type=8, roleCount=1, privilegeCount=1), is missing prvBypassCustomBusinessLogic privilege"
                            + " (Id=0ea552b0-a491-4470-9a1b-82068deccf66) on OTC=0 for entity '' (the"
                            + " MSCRM.BypassBusinessLogicExecution header needs it).");
                } else {
                    String from = client;
                    String servicePath = root.substring(base.length());
                    ServerTime.begin(sandbox.options().costs(), service.equals("sales") ? ServerTime.Service.SALES
                            : ServerTime.Service.OPERATIONS);
                    if (bypass(api)) {
                        ServerTime.bypassCustomLogic();
                    }
                    try {
                        result = BatchExecutor.withPartLog((m, url, status) -> sandbox.log().add(new RequestLog.Entry(at,
                                nanos, from, service, m, servicePath + url, status, null, false, false)),
                                () -> target.dispatch(api));
                    } finally {
                        admission.ticket().finish(ServerTime.end());
                    }
                    dropped = api.isWrite() && result.status() < 400 && sandbox.protection().dropAfterWrite();
                    // only a body can stall after its headers (a 204 has none)
                    stall = dropped || result.body().length < 2 ? Duration.ZERO : sandbox.protection().stall();
                }
                if (service.equals("sales")) {
                    if (admission.ticket() != null) {
                        admission.ticket().headers().forEach(result::header);
                    }
                    result.header("Set-Cookie", Affinity.cookie(server));
                }
            } finally {
                admission.close();
            }
        }
        String query = request.getQueryString() == null ? null
                : java.net.URLDecoder.decode(request.getQueryString(), java.nio.charset.StandardCharsets.UTF_8);
        sandbox.log().add(new RequestLog.Entry(at, nanos, client, service, method, relative, result.status(), retryAfter,
                dropped, !stall.isZero(), query, server));
        if (dropped) {
            drop(response, result);
        }
        if (!stall.isZero()) {
            stallThenWrite(response, result, stall);
            return;
        }
        write(response, result);
    }

    /**
     * A whole {@code $batch} the service failed before running any of it. Neither service documents such an answer;
     * the body is each service's generic server error (Dataverse's {@code 0x80040216} "unexpected error", F&amp;O's
     * "An error has occurred.").
     */
    private static ApiResponse batchFailure(BatchExecutor.Service target, String service) {
        return service.equals("operations") ? target.error(500, "", "An error has occurred.")
                : target.error(500, "0x80040216", "An unexpected error occurred.");
    }

    /**
     * Sends the status line, the headers and the first byte of the body, then nothing for {@code stall}, then the
     * rest: a client that waits only for headers waits the whole stall. A client that gave up meanwhile closed the
     * connection, and the rest goes nowhere.
     */
    private static void stallThenWrite(HttpServletResponse response, ApiResponse result, Duration stall) throws IOException {
        response.setStatus(result.status());
        result.headers().forEach(response::setHeader);
        byte[] body = result.body();
        response.setContentLength(body.length);
        OutputStream out = response.getOutputStream();
        out.write(body, 0, 1);
        out.flush();
        response.flushBuffer();
        try {
            Thread.sleep(stall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            out.write(body, 1, body.length - 1);
            out.flush();
        } catch (IOException clientLeft) {
            // the client's deadline passed and it closed the connection: what this fault is for
        }
    }

    private ApiResponse unauthorized(BatchExecutor.Service target, TokenIssuer.Check check, String base) {
        String message = switch (check) {
            case MISSING -> "InvalidAuthTicket: The request has no bearer access token.";
            case EXPIRED -> "ExpiredAuthTicket: The access token has expired.";
            default -> "InvalidAuthTicket: The access token is not valid.";
        };
        return target.error(401, "", message).header("WWW-Authenticate", "Bearer authorization_uri=\"" + base
                + "login/common/oauth2/v2.0/token\", error=\"invalid_token\"");
    }

    private ApiResponse throttled(BatchExecutor.Service target, String service, ServiceProtection.Admission a) {
        var o = sandbox.options();
        ApiResponse r;
        if (service.equals("operations")) {
            r = target.error(429, "", "Too many requests");
        } else {
            r = switch (a.limit()) {
                case REQUESTS -> target.error(429, "0x80072322", "Number of requests exceeded the limit of "
                        + o.requestsPerWindow() + " over time window of " + o.window().toSeconds() + " seconds.");
                case CONCURRENCY -> target.error(429, "0x80072326", "Number of concurrent requests exceeded the limit of "
                        + o.maxConcurrency() + ".");
                case EXECUTION -> target.error(429, "0x80072321", "Combined execution time of incoming requests exceeded"
                        + " limit of " + String.format(java.util.Locale.ROOT, "%,d", o.executionSecondsPerWindow() * 1000L)
                        + " milliseconds over time window of " + o.window().toSeconds() + " seconds. Decrease number of"
                        + " concurrent requests or reduce the duration of requests and try again later.");
                case INJECTED, RESOURCES -> target.error(429, "0x80072321", "Combined execution time of incoming requests"
                        + " exceeded limit of 1,200,000 milliseconds over time window of 300 seconds. Decrease number of"
                        + " concurrent requests or reduce the duration of requests and try again later.");
            };
        }
        return a.retryAfter() == null ? r : r.header("Retry-After", Integer.toString(a.retryAfter()));
    }

    /** Whether a request asks to bypass custom business logic ({@code MSCRM.BypassBusinessLogicExecution}). */
    private static boolean bypass(ApiRequest api) {
        String v = api.header("MSCRM.BypassBusinessLogicExecution");
        return v != null && !v.isBlank();
    }

    /**
     * Loses the response of an applied write: the status line and part of a body go out, then the
     * connection is aborted, so the client sees an I/O error and cannot know the write happened.
     */
    private static void drop(HttpServletResponse response, ApiResponse result) throws IOException {
        response.setStatus(200);
        response.setContentType("application/json");
        response.setContentLength(result.body().length + 4096);
        OutputStream out = response.getOutputStream();
        out.write('{');
        out.flush();
        response.flushBuffer();
        throw new EOFException("sandbox: connection dropped after an applied write (fault injection)");
    }

    private static ApiRequest toApi(HttpServletRequest request, String path, String root) throws IOException {
        Map<String, String> headers = ApiRequest.headerMap();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), String.join(",", Collections.list(request.getHeaders(name))));
        }
        byte[] body = request.getInputStream().readAllBytes();
        return new ApiRequest(request.getMethod(), path, ApiRequest.parseQuery(request.getQueryString()), headers, body, root);
    }

    private static void write(HttpServletResponse response, ApiResponse result) throws IOException {
        response.setStatus(result.status());
        result.headers().forEach(response::setHeader);
        if (result.body().length > 0) {
            response.setContentLength(result.body().length);
            response.getOutputStream().write(result.body());
        }
    }
}
