package org.ferry.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything that can be tuned on a sandbox: credentials, token lifetime, paging, seed data volumes,
 * service-protection limits and injected faults. Build one with {@link #builder()} or from
 * launcher-style options with {@link #fromMap(Map)}.
 *
 * @param clientSecret          the secret of client {@link #CLIENT_ID}
 * @param secretGenerated       true when nobody supplied the secret, so it must be shown to the user
 * @param tokenLifetime         how long issued access tokens stay valid
 * @param maxPageSize           Dataverse page size cap and default (the documented 5,000)
 * @param operationsPageSize    F&O server-driven page size (the documented maximum is 10,000)
 * @param seed                  seed of the deterministic data generator and fault decisions
 * @param sampleData            whether the Prospect-to-Cash sample records are loaded
 * @param accounts              extra generated Sales accounts
 * @param contacts              extra generated Sales contacts
 * @param products              extra generated products (Sales and F&O)
 * @param orders                extra generated Sales orders (two lines each)
 * @param customers             extra generated F&O customers (split between USMF and DEMF)
 * @param requestsPerWindow     service-protection limit of requests per client per window
 * @param window                the sliding window of that limit (documented: 300 s)
 * @param maxConcurrency        concurrent requests per client before a 429 (documented: 52)
 * @param throttleRate          fraction of data requests answered 429 at random
 * @param throttleWithoutRetryAfter share of those injected 429s sent without a Retry-After header
 * @param retryAfterSeconds     Retry-After of injected 429s
 * @param dropRate              fraction of write requests whose connection is dropped after the write
 * @param stallRate             fraction of data responses whose body stalls after the headers were sent
 * @param stall                 how long such a body stalls before the rest of it is sent
 * @param batchFailureRate      fraction of {@code $batch} requests answered 500 as a whole, without running them
 * @param batchFailureEvery     answer the first of every N {@code $batch} requests 500 as a whole (0: never)
 * @param clientCertificate     PEM of a certificate registered for client {@link #CLIENT_ID}, whose key may sign
 *                              client assertions; {@code null} for none
 * @param managedIdentities     the managed identities of the emulated host: {@link #SYSTEM_IDENTITY} for a
 *                              system-assigned one, else user-assigned client ids; empty for none
 * @param identityHeader        the App Service {@code IDENTITY_HEADER} the managed identity endpoint expects
 * @param deltaTokenDays        how long Dataverse change-tracking tokens stay valid (the organization's
 *                              {@code ExpireChangeTrackingInDays}, documented default 7)
 * @param alternateKeys         customized Dataverse alternate keys beyond the Prospect-to-Cash one
 *                              ({@code account.accountnumber}), for focused tests only:
 *                              {@code contact=msdynce_contactnumber,salesorderdetail=_salesorderid_value+sequencenumber:pending};
 *                              empty for a faithful org
 * @param organizationRead      whether the application user has organization-level read, which Dataverse change
 *                              tracking requires; without it a tracked read is refused with a privilege error
 * @param unreadableTables      Dataverse tables (logical names) the application user has no read privilege on
 * @param dataDirectory         where the sandbox keeps its data between starts, or {@code null} to keep it in
 *                              memory only (tests); not a launcher option: the in-server sandbox uses the data folder
 * @param executionSecondsPerWindow Dataverse's limit of combined execution time per user, web server and window
 *                              (documented: 1,200 s per 300 s); scaled with the window unless given
 * @param webServers            Dataverse web servers behind the load balancer, each with its own limits per user
 *                              (a trial environment has one)
 * @param costs                 the server time requests take ({@link ServerCosts})
 * @param appUsers              application users registered in the tenant and both services: {@link #CLIENT_ID}, then
 *                              {@code ferry-sandbox-2} … with the secrets {@link #clientSecret(int)} gives
 * @param bypassPrivilege       whether the application users hold {@code prvBypassCustomBusinessLogic}, which
 *                              {@code MSCRM.BypassBusinessLogicExecution} requires
 * @param bulkUnsupported       Dataverse tables (logical names) whose {@code sdkmessagefilters} lack the bulk messages
 * @param operationsMaxConcurrency F&amp;O requests in flight on the environment before resource-based throttling
 *                              answers 429 (F&amp;O publishes no threshold)
 * @param operationsRetryAfter  the Retry-After of F&amp;O's resource-based 429s, in seconds
 */
public record SandboxOptions(String clientSecret, boolean secretGenerated, Duration tokenLifetime,
                             int maxPageSize, int operationsPageSize, long seed, boolean sampleData,
                             int accounts, int contacts, int products, int orders, int customers,
                             int requestsPerWindow, Duration window, int maxConcurrency,
                             double throttleRate, double throttleWithoutRetryAfter, int retryAfterSeconds,
                             double dropRate, double stallRate, Duration stall, double batchFailureRate,
                             int batchFailureEvery, String clientCertificate, List<String> managedIdentities,
                             String identityHeader, int deltaTokenDays, String alternateKeys, boolean organizationRead,
                             Set<String> unreadableTables, java.nio.file.Path dataDirectory,
                             int executionSecondsPerWindow, int webServers, ServerCosts costs, int appUsers,
                             boolean bypassPrivilege, Set<String> bulkUnsupported, int operationsMaxConcurrency,
                             int operationsRetryAfter) {

    public static final String CLIENT_ID = "ferry-sandbox";
    public static final String SECRET_ENV = "FERRY_SANDBOX_SECRET";
    /** In {@link #managedIdentities()}: the host has a system-assigned identity. */
    public static final String SYSTEM_IDENTITY = "system";
    /** The client id of the system-assigned identity, as tokens and throttling know it. */
    public static final String SYSTEM_IDENTITY_CLIENT_ID = "6f1c7b7e-3d2a-4e59-9b1f-5a0c2d8e4b71";

    /** Keys accepted by {@link #fromMap(Map)} (the launcher's --options without the dashes). */
    public static final Set<String> KEYS = Set.of("client-secret", "token-lifetime", "max-page-size",
            "operations-page-size", "seed", "sample-data", "accounts", "contacts", "products", "orders",
            "customers", "requests-per-window", "window-seconds", "max-concurrency", "throttle-rate",
            "throttle-without-retry-after", "retry-after", "drop-rate", "stall-rate", "stall-seconds",
            "batch-failure-rate", "batch-failure-every", "client-certificate", "managed-identities", "identity-header",
            "delta-token-days", "alternate-keys", "organization-read", "unreadable-tables", "execution-seconds-per-window",
            "web-servers", "app-users", "bypass-privilege", "bulk-unsupported", "operations-max-concurrency",
            "operations-retry-after", "server-cost-scale", "request-cost-ms", "write-cost-ms", "bulk-record-cost-ms",
            "read-row-cost-ms", "custom-logic-cost-ms", "operations-write-cost-ms", "package-record-cost-ms",
            "package-job-ms");

    public SandboxOptions {
        if (clientSecret == null || clientSecret.isBlank()) {
            throw new IllegalArgumentException("clientSecret is required");
        }
        if (maxPageSize < 1 || maxPageSize > 5000) {
            throw new IllegalArgumentException("max-page-size must be between 1 and 5000");
        }
        if (operationsPageSize < 1 || operationsPageSize > 10_000) {
            throw new IllegalArgumentException("operations-page-size must be between 1 and 10000");
        }
        checkFraction("throttle-rate", throttleRate);
        checkFraction("throttle-without-retry-after", throttleWithoutRetryAfter);
        checkFraction("drop-rate", dropRate);
        checkFraction("stall-rate", stallRate);
        checkFraction("batch-failure-rate", batchFailureRate);
        managedIdentities = managedIdentities == null ? List.of() : List.copyOf(managedIdentities);
        if (identityHeader == null || identityHeader.isBlank()) {
            throw new IllegalArgumentException("identityHeader is required");
        }
        if (clientCertificate != null && !clientCertificate.contains("-----BEGIN CERTIFICATE-----")) {
            throw new IllegalArgumentException("client-certificate must be a PEM certificate or a file holding one");
        }
        if (stall.isNegative() || batchFailureEvery < 0) {
            throw new IllegalArgumentException("stall-seconds and batch-failure-every must not be negative");
        }
        if (accounts < 0 || contacts < 0 || products < 0 || orders < 0 || customers < 0) {
            throw new IllegalArgumentException("volumes must not be negative");
        }
        if (requestsPerWindow < 1 || maxConcurrency < 1 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("service-protection limits must be positive");
        }
        if (deltaTokenDays < 1) {
            throw new IllegalArgumentException("delta-token-days must be at least 1");
        }
        alternateKeys = alternateKeys == null ? "" : alternateKeys.trim();
        unreadableTables = unreadableTables == null ? Set.of() : Set.copyOf(unreadableTables);
        bulkUnsupported = bulkUnsupported == null ? Set.of() : Set.copyOf(bulkUnsupported);
        costs = costs == null ? ServerCosts.DEFAULT : costs;
        if (executionSecondsPerWindow < 1 || webServers < 1 || appUsers < 1 || operationsMaxConcurrency < 1
                || operationsRetryAfter < 0) {
            throw new IllegalArgumentException("execution-seconds-per-window, web-servers, app-users and"
                    + " operations-max-concurrency must be positive");
        }
    }

    /** Dataverse's documented window, whose limits scale with a window scaled down for tests and benchmarks. */
    public static final Duration DOCUMENTED_WINDOW = Duration.ofSeconds(300);

    /** @return the client id of application user {@code n} (1 = {@link #CLIENT_ID}) */
    public static String clientId(int n) {
        return n == 1 ? CLIENT_ID : CLIENT_ID + "-" + n;
    }

    /** @return the secret of application user {@code n} (1 = {@link #clientSecret()}) */
    public String clientSecret(int n) {
        return n == 1 ? clientSecret : clientSecret + "-" + n;
    }

    /** @return every application user's client id and secret */
    public java.util.Map<String, String> clientSecrets() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int n = 1; n <= appUsers; n++) {
            m.put(clientId(n), clientSecret(n));
        }
        return m;
    }

    /**
     * @return the parallelism the sandbox recommends in {@code x-ms-dop-hint}: the requests one user can keep
     *         running without exceeding the execution-time limit, on every web server
     */
    public int dopHint() {
        return Math.max(1, (int) Math.floor((double) executionSecondsPerWindow / window.toSeconds())) * webServers;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.clientSecret = secretGenerated ? null : clientSecret;
        b.generatedSecret = secretGenerated ? clientSecret : null;
        b.tokenLifetime = tokenLifetime;
        b.maxPageSize = maxPageSize;
        b.operationsPageSize = operationsPageSize;
        b.seed = seed;
        b.sampleData = sampleData;
        b.accounts = accounts;
        b.contacts = contacts;
        b.products = products;
        b.orders = orders;
        b.customers = customers;
        b.requestsPerWindow = requestsPerWindow;
        b.window = window;
        b.maxConcurrency = maxConcurrency;
        b.throttleRate = throttleRate;
        b.throttleWithoutRetryAfter = throttleWithoutRetryAfter;
        b.retryAfterSeconds = retryAfterSeconds;
        b.dropRate = dropRate;
        b.stallRate = stallRate;
        b.stall = stall;
        b.batchFailureRate = batchFailureRate;
        b.batchFailureEvery = batchFailureEvery;
        b.clientCertificate = clientCertificate;
        b.managedIdentities = managedIdentities;
        b.identityHeader = identityHeader;
        b.deltaTokenDays = deltaTokenDays;
        b.alternateKeys = alternateKeys;
        b.organizationRead = organizationRead;
        b.unreadableTables = unreadableTables;
        b.dataDirectory = dataDirectory;
        b.executionSecondsPerWindow = executionSecondsPerWindow;
        b.webServers = webServers;
        b.costs = costs;
        b.appUsers = appUsers;
        b.bypassPrivilege = bypassPrivilege;
        b.bulkUnsupported = bulkUnsupported;
        b.operationsMaxConcurrency = operationsMaxConcurrency;
        b.operationsRetryAfter = operationsRetryAfter;
        return b;
    }

    /** Parses options such as {@code accounts=100000, throttle-rate=0.2}; unknown keys are refused. */
    public static SandboxOptions fromMap(Map<String, String> options) {
        Builder b = builder();
        options.forEach((rawKey, value) -> {
            String key = rawKey.toLowerCase(Locale.ROOT).replaceFirst("^--", "");
            try {
                switch (key) {
                    case "client-secret" -> b.clientSecret(value);
                    case "token-lifetime" -> b.tokenLifetime(Duration.ofSeconds(Long.parseLong(value)));
                    case "max-page-size" -> b.maxPageSize(Integer.parseInt(value));
                    case "operations-page-size" -> b.operationsPageSize(Integer.parseInt(value));
                    case "seed" -> b.seed(Long.parseLong(value));
                    case "sample-data" -> b.sampleData(Boolean.parseBoolean(value));
                    case "accounts" -> b.accounts(Integer.parseInt(value));
                    case "contacts" -> b.contacts(Integer.parseInt(value));
                    case "products" -> b.products(Integer.parseInt(value));
                    case "orders" -> b.orders(Integer.parseInt(value));
                    case "customers" -> b.customers(Integer.parseInt(value));
                    case "requests-per-window" -> b.requestsPerWindow(Integer.parseInt(value));
                    case "window-seconds" -> b.window(Duration.ofSeconds(Long.parseLong(value)));
                    case "max-concurrency" -> b.maxConcurrency(Integer.parseInt(value));
                    case "throttle-rate" -> b.throttleRate(Double.parseDouble(value));
                    case "throttle-without-retry-after" -> b.throttleWithoutRetryAfter(Double.parseDouble(value));
                    case "retry-after" -> b.retryAfterSeconds(Integer.parseInt(value));
                    case "drop-rate" -> b.dropRate(Double.parseDouble(value));
                    case "stall-rate" -> b.stallRate(Double.parseDouble(value));
                    case "stall-seconds" -> b.stall(Duration.ofSeconds(Long.parseLong(value)));
                    case "batch-failure-rate" -> b.batchFailureRate(Double.parseDouble(value));
                    case "batch-failure-every" -> b.batchFailureEvery(Integer.parseInt(value));
                    case "client-certificate" -> b.clientCertificate(pemOrFile(value));
                    case "managed-identities" -> b.managedIdentities(Arrays.stream(value.split(","))
                            .map(String::trim).filter(v -> !v.isEmpty()).toArray(String[]::new));
                    case "identity-header" -> b.identityHeader(value);
                    case "delta-token-days" -> b.deltaTokenDays(Integer.parseInt(value));
                    case "alternate-keys" -> b.alternateKeys(value);
                    case "organization-read" -> b.organizationRead(Boolean.parseBoolean(value));
                    case "unreadable-tables" -> b.unreadableTables(Set.of(value.split("\\s*,\\s*")));
                    case "execution-seconds-per-window" -> b.executionSecondsPerWindow(Integer.parseInt(value));
                    case "web-servers" -> b.webServers(Integer.parseInt(value));
                    case "app-users" -> b.appUsers(Integer.parseInt(value));
                    case "bypass-privilege" -> b.bypassPrivilege(Boolean.parseBoolean(value));
                    case "bulk-unsupported" -> b.bulkUnsupported(Set.of(value.trim().isEmpty() ? new String[0]
                            : value.trim().split("\\s*,\\s*")));
                    case "operations-max-concurrency" -> b.operationsMaxConcurrency(Integer.parseInt(value));
                    case "operations-retry-after" -> b.operationsRetryAfter(Integer.parseInt(value));
                    case "server-cost-scale", "request-cost-ms", "write-cost-ms", "bulk-record-cost-ms", "read-row-cost-ms",
                         "custom-logic-cost-ms", "operations-write-cost-ms", "package-record-cost-ms", "package-job-ms" ->
                            b.costs(b.costs.with(key, Double.parseDouble(value)));
                    default -> throw new IllegalArgumentException("unknown sandbox option '" + rawKey
                            + "'; known options: " + new java.util.TreeSet<>(KEYS));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("sandbox option '" + rawKey + "' has a bad value '" + value + "'");
            }
        });
        return b.build();
    }

    /** A PEM given inline, or the file holding it (a launcher option cannot well carry line breaks). */
    private static String pemOrFile(String value) {
        if (value.contains("-----BEGIN")) {
            return value;
        }
        try {
            return Files.readString(Path.of(value.trim()));
        } catch (IOException e) {
            throw new IllegalArgumentException("sandbox option 'client-certificate': cannot read " + value.trim(), e);
        }
    }

    private static void checkFraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1");
        }
    }

    /** Mutable builder; defaults leave throttling and faults out of the way of normal use. */
    public static final class Builder {
        private String clientSecret;
        private String generatedSecret;
        private Duration tokenLifetime = Duration.ofHours(1);
        private int maxPageSize = 5000;
        private int operationsPageSize = 10_000;
        private long seed = 42;
        private boolean sampleData = true;
        private int accounts;
        private int contacts;
        private int products;
        private int orders;
        private int customers;
        private Integer requestsPerWindow;
        private Integer executionSecondsPerWindow;
        private int webServers = 1;
        private ServerCosts costs = ServerCosts.DEFAULT;
        private int appUsers = 1;
        private boolean bypassPrivilege;
        private Set<String> bulkUnsupported = Set.of("quotedetail", "salesorderdetail", "invoicedetail");
        private int operationsMaxConcurrency = 16;
        private int operationsRetryAfter = 5;
        private Duration window = Duration.ofSeconds(300);
        private int maxConcurrency = 52;
        private double throttleRate;
        private double throttleWithoutRetryAfter;
        private int retryAfterSeconds = 1;
        private double dropRate;
        private double stallRate;
        private Duration stall = Duration.ofSeconds(30);
        private double batchFailureRate;
        private int batchFailureEvery;
        private String clientCertificate;
        private List<String> managedIdentities = List.of();
        private String identityHeader;
        private int deltaTokenDays = 7;
        private String alternateKeys = "";
        private boolean organizationRead = true;
        private Set<String> unreadableTables = Set.of();
        private java.nio.file.Path dataDirectory;

        public Builder clientSecret(String v) { clientSecret = v; return this; }
        public Builder tokenLifetime(Duration v) { tokenLifetime = v; return this; }
        public Builder maxPageSize(int v) { maxPageSize = v; return this; }
        public Builder operationsPageSize(int v) { operationsPageSize = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder sampleData(boolean v) { sampleData = v; return this; }
        public Builder accounts(int v) { accounts = v; return this; }
        public Builder contacts(int v) { contacts = v; return this; }
        public Builder products(int v) { products = v; return this; }
        public Builder orders(int v) { orders = v; return this; }
        public Builder customers(int v) { customers = v; return this; }
        public Builder requestsPerWindow(int v) { requestsPerWindow = v; return this; }
        public Builder window(Duration v) { window = v; return this; }
        public Builder maxConcurrency(int v) { maxConcurrency = v; return this; }
        public Builder throttleRate(double v) { throttleRate = v; return this; }
        public Builder throttleWithoutRetryAfter(double v) { throttleWithoutRetryAfter = v; return this; }
        public Builder retryAfterSeconds(int v) { retryAfterSeconds = v; return this; }
        public Builder dropRate(double v) { dropRate = v; return this; }
        public Builder stallRate(double v) { stallRate = v; return this; }
        public Builder stall(Duration v) { stall = v; return this; }
        public Builder batchFailureRate(double v) { batchFailureRate = v; return this; }
        public Builder batchFailureEvery(int v) { batchFailureEvery = v; return this; }
        public Builder clientCertificate(String pem) { clientCertificate = pem; return this; }
        public Builder managedIdentities(String... ids) { managedIdentities = List.of(ids); return this; }
        public Builder identityHeader(String v) { identityHeader = v; return this; }
        public Builder deltaTokenDays(int v) { deltaTokenDays = v; return this; }
        public Builder alternateKeys(String v) { alternateKeys = v; return this; }
        public Builder organizationRead(boolean v) { organizationRead = v; return this; }
        public Builder unreadableTables(Set<String> v) { unreadableTables = v; return this; }
        public Builder dataDirectory(java.nio.file.Path v) { dataDirectory = v; return this; }
        public Builder executionSecondsPerWindow(int v) { executionSecondsPerWindow = v; return this; }
        public Builder webServers(int v) { webServers = v; return this; }
        public Builder costs(ServerCosts v) { costs = v; return this; }
        public Builder appUsers(int v) { appUsers = v; return this; }
        public Builder bypassPrivilege(boolean v) { bypassPrivilege = v; return this; }
        public Builder bulkUnsupported(Set<String> v) { bulkUnsupported = v; return this; }
        public Builder operationsMaxConcurrency(int v) { operationsMaxConcurrency = v; return this; }
        public Builder operationsRetryAfter(int v) { operationsRetryAfter = v; return this; }

        /** No server time and limits no test reaches: for measuring Ferry itself, not the services' budgets. */
        public Builder unlimited() {
            costs = ServerCosts.none();
            requestsPerWindow = 100_000_000;
            executionSecondsPerWindow = 100_000_000;
            operationsMaxConcurrency = 10_000;
            return this;
        }

        public SandboxOptions build() {
            String secret = clientSecret;
            boolean generated = false;
            if (secret == null || secret.isBlank()) {
                secret = System.getenv(SECRET_ENV);
            }
            if (secret == null || secret.isBlank()) {
                if (generatedSecret == null) {
                    byte[] bytes = new byte[24];
                    new SecureRandom().nextBytes(bytes);
                    generatedSecret = HexFormat.of().formatHex(bytes);
                }
                secret = generatedSecret;
                generated = true;
            }
            if (identityHeader == null || identityHeader.isBlank()) {
                identityHeader = UUID.randomUUID().toString();
            }
            // the documented limits are per 300 s; a window scaled down for tests keeps the same rate per second
            double scaleOfWindow = (double) window.toMillis() / DOCUMENTED_WINDOW.toMillis();
            int requests = requestsPerWindow != null ? requestsPerWindow : (int) Math.max(1, Math.round(6000 * scaleOfWindow));
            int execution = executionSecondsPerWindow != null ? executionSecondsPerWindow
                    : (int) Math.max(1, Math.round(1200 * scaleOfWindow));
            return new SandboxOptions(secret, generated, tokenLifetime, maxPageSize, operationsPageSize, seed,
                    sampleData, accounts, contacts, products, orders, customers, requests, window,
                    maxConcurrency, throttleRate, throttleWithoutRetryAfter, retryAfterSeconds, dropRate, stallRate, stall,
                    batchFailureRate, batchFailureEvery, clientCertificate, managedIdentities, identityHeader, deltaTokenDays,
                    alternateKeys, organizationRead, unreadableTables, dataDirectory, execution, webServers, costs, appUsers,
                    bypassPrivilege, bulkUnsupported, operationsMaxConcurrency, operationsRetryAfter);
        }
    }

    /** Never print the secret by accident through a record's generated toString. */
    @Override
    public String toString() {
        return "SandboxOptions[tokenLifetime=" + tokenLifetime + ", maxPageSize=" + maxPageSize
                + ", operationsPageSize=" + operationsPageSize + ", seed=" + seed + ", sampleData=" + sampleData
                + ", accounts=" + accounts + ", contacts=" + contacts + ", products=" + products
                + ", orders=" + orders + ", customers=" + customers + ", requestsPerWindow=" + requestsPerWindow
                + ", window=" + window + ", maxConcurrency=" + maxConcurrency + ", throttleRate=" + throttleRate
                + ", throttleWithoutRetryAfter=" + throttleWithoutRetryAfter + ", retryAfter=" + retryAfterSeconds
                + ", dropRate=" + dropRate + ", stallRate=" + stallRate + ", stall=" + stall
                + ", batchFailureRate=" + batchFailureRate + ", batchFailureEvery=" + batchFailureEvery
                + ", clientCertificate=" + (clientCertificate != null) + ", managedIdentities=" + managedIdentities
                + ", deltaTokenDays=" + deltaTokenDays
                + (alternateKeys.isEmpty() ? "" : ", alternateKeys=" + alternateKeys)
                + (organizationRead ? "" : ", organizationRead=false")
                + (unreadableTables.isEmpty() ? "" : ", unreadableTables=" + unreadableTables)
                + (dataDirectory == null ? "" : ", dataDirectory=" + dataDirectory)
                + ", executionSecondsPerWindow=" + executionSecondsPerWindow + ", webServers=" + webServers
                + ", costs=" + costs + ", appUsers=" + appUsers + ", bypassPrivilege=" + bypassPrivilege
                + ", bulkUnsupported=" + bulkUnsupported + ", operationsMaxConcurrency=" + operationsMaxConcurrency + "]";
    }
}
