package org.ferry.connectors.common.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.ferry.api.connector.ConfigField;
import org.ferry.api.connector.ConfigFieldType;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.ConnectorConfig;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;

/**
 * The configuration both Dynamics connectors share: where the service is, how to sign in ({@link Credentials}), how
 * hard to push it, and how long to wait. Secrets are held in the credentials and nowhere else; {@link #toString()}
 * never shows them.
 *
 * <p>Token URL: either {@code tokenUrl} is given, or {@code tenant} is and the Azure AD v2 endpoint
 * {@code https://login.microsoftonline.com/<tenant>/oauth2/v2.0/token} is used.
 */
public record ServiceConfig(URI baseUrl, Credentials credentials, int maxConcurrency, int batchSize, int pageSize,
                            Duration requestTimeout, Duration retryBudget, List<Credentials> additionalUsers,
                            boolean followHint) {
    public ServiceConfig {
        additionalUsers = List.copyOf(additionalUsers);
    }

    /** @return every application user of the connection, its own credentials first */
    public List<Credentials> users() {
        List<Credentials> all = new ArrayList<>(List.of(credentials));
        all.addAll(additionalUsers);
        return all;
    }

    public static final String BASE_URL = "baseUrl";
    public static final String AUTHENTICATION = "authentication";
    public static final String TENANT = "tenant";
    public static final String TOKEN_URL = "tokenUrl";
    public static final String CLIENT_ID = "clientId";
    public static final String CLIENT_SECRET = "clientSecret";
    public static final String CLIENT_CERTIFICATE = "clientCertificate";
    public static final String CLIENT_KEY = "clientKey";
    public static final String IDENTITY_ENDPOINT = "identityEndpoint";
    public static final String SCOPE = "scope";
    public static final String MAX_CONCURRENCY = "maxConcurrency";
    public static final String BATCH_SIZE = "batchSize";
    public static final String PAGE_SIZE = "pageSize";
    public static final String REQUEST_TIMEOUT = "requestTimeout";
    public static final String RETRY_BUDGET = "retryBudget";
    /** Dataverse's concurrency limit per user ("52 or higher"); F&amp;O gets the same ceiling. */
    public static final int CONCURRENCY_LIMIT = 52;
    /** Dataverse cancels requests after two minutes; waiting longer for an answer only hides a hang. */
    static final int DEFAULT_REQUEST_TIMEOUT = 130;
    static final int DEFAULT_RETRY_BUDGET = 300;
    /** Concurrent requests until (or unless) the service recommends a number. */
    static final int DEFAULT_CONCURRENCY = 8;

    /** Limits of one service: the largest batch and page it accepts, and our defaults. */
    public record Limits(int defaultBatch, int maxBatch, int defaultPage, int maxPage) {
    }

    /** The shared form fields, in form order. */
    public static List<ConfigField> fields(String baseUrlExample, Limits limits) {
        List<ConfigField> fields = new ArrayList<>();
        fields.add(ConfigField.required(BASE_URL, "Environment URL", ConfigFieldType.URL,
                "The environment's root, e.g. " + baseUrlExample));
        fields.addAll(Credentials.fields());
        fields.addAll(List.of(
                ConfigField.optional(MAX_CONCURRENCY, "Concurrent requests", ConfigFieldType.INTEGER, null,
                        "Per application user, at most " + CONCURRENCY_LIMIT + "; empty: as many as the service"
                                + " recommends (Dataverse's x-ms-dop-hint), else " + DEFAULT_CONCURRENCY),
                ConfigField.optional(BATCH_SIZE, "Records per batch", ConfigFieldType.INTEGER,
                        Integer.toString(limits.defaultBatch()), "At most " + limits.maxBatch()),
                ConfigField.optional(PAGE_SIZE, "Records per page", ConfigFieldType.INTEGER,
                        Integer.toString(limits.defaultPage()), "At most " + limits.maxPage()),
                ConfigField.optional(REQUEST_TIMEOUT, "Request timeout (s)", ConfigFieldType.INTEGER,
                        Integer.toString(DEFAULT_REQUEST_TIMEOUT), "The most one request may take, its whole answer"
                                + " included; 1 to 600"),
                ConfigField.optional(RETRY_BUDGET, "Retry budget (s)", ConfigFieldType.INTEGER,
                        Integer.toString(DEFAULT_RETRY_BUDGET), "The most one read of a page or write of a batch may"
                                + " take with its retries and Retry-After waits before the run stops; 1 to 3600")));
        return List.copyOf(fields);
    }

    /** Checks formats and ranges without contacting anything. */
    public static List<FieldProblem> validate(ConnectorConfig config, Limits limits) {
        List<FieldProblem> problems = new ArrayList<>();
        urlProblem(config, BASE_URL, problems);
        urlProblem(config, TOKEN_URL, problems);
        Credentials.validate(config, problems);
        range(config, MAX_CONCURRENCY, DEFAULT_CONCURRENCY, 1, CONCURRENCY_LIMIT, problems);
        range(config, BATCH_SIZE, limits.defaultBatch(), 1, limits.maxBatch(), problems);
        range(config, PAGE_SIZE, limits.defaultPage(), 1, limits.maxPage(), problems);
        range(config, REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, 1, 600, problems);
        range(config, RETRY_BUDGET, DEFAULT_RETRY_BUDGET, 1, 3600, problems);
        return problems;
    }

    /**
     * @throws ConfigurationException if the configuration is invalid or names a URL the context forbids
     */
    public static ServiceConfig from(ConnectorConfig config, ConnectionContext context, Limits limits) {
        List<FieldProblem> problems = validate(config, limits);
        if (!problems.isEmpty()) {
            throw new ConfigurationException(problems);
        }
        boolean loopbackOk = context != null && context.allowInsecureLoopback();
        URI base = BaseUrlPolicy.check(BASE_URL, config.require(BASE_URL), loopbackOk);
        Credentials main = Credentials.from(config, context, base, System.getenv());
        boolean given = config.get(MAX_CONCURRENCY).filter(v -> !v.isBlank()).isPresent();
        return new ServiceConfig(base, main, config.integer(MAX_CONCURRENCY, DEFAULT_CONCURRENCY),
                config.integer(BATCH_SIZE, limits.defaultBatch()), config.integer(PAGE_SIZE, limits.defaultPage()),
                Duration.ofSeconds(config.integer(REQUEST_TIMEOUT, DEFAULT_REQUEST_TIMEOUT)),
                Duration.ofSeconds(config.integer(RETRY_BUDGET, DEFAULT_RETRY_BUDGET)),
                Credentials.additional(config, main), !given);
    }

    /** @return how this connection gets its access tokens */
    public TokenGrant grant(Clock clock) {
        return credentials.grant(clock);
    }

    private static void urlProblem(ConnectorConfig config, String field, List<FieldProblem> problems) {
        config.get(field).ifPresent(v -> {
            try {
                URI u = new URI(v.trim());
                if (u.getHost() == null || u.getScheme() == null) {
                    problems.add(new FieldProblem(field, "must be an absolute URL"));
                }
            } catch (URISyntaxException e) {
                problems.add(new FieldProblem(field, "is not a valid URL"));
            }
        });
    }

    private static void range(ConnectorConfig config, String field, int dflt, int min, int max,
                              List<FieldProblem> problems) {
        try {
            int v = config.integer(field, dflt);
            if (v < min || v > max) {
                problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
            }
        } catch (ConfigurationException e) {
            problems.addAll(e.problems());
        }
    }

    @Override
    public String toString() {
        return "ServiceConfig[" + baseUrl + ", " + credentials + "]";
    }
}
