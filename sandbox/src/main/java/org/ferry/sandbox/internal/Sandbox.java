package org.ferry.sandbox.internal;

import java.time.Clock;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.sandbox.internal.auth.ManagedIdentityEndpoint;
import org.ferry.sandbox.internal.auth.TokenEndpoint;
import org.ferry.sandbox.internal.auth.TokenIssuer;
import org.ferry.sandbox.internal.data.Seeder;
import org.ferry.sandbox.internal.data.Store;
import org.ferry.sandbox.internal.dataverse.DataverseModel;
import org.ferry.sandbox.internal.dataverse.DataverseSeed;
import org.ferry.sandbox.internal.dataverse.DataverseService;
import org.ferry.sandbox.internal.dataverse.DataverseVolume;
import org.ferry.sandbox.internal.operations.OperationsModel;
import org.ferry.sandbox.internal.operations.OperationsSeed;
import org.ferry.sandbox.internal.operations.OperationsService;
import org.ferry.sandbox.internal.throttle.RequestLog;
import org.ferry.sandbox.internal.throttle.ServiceProtection;

/**
 * Assembles one sandbox: seeded stores, the two services, tokens, limits and the request log. With a data
 * directory, the stores are loaded from it when saved before and saved back every few seconds after writes and
 * on {@link #close()}, so a restarted server's sandbox keeps what it held, as a cloud service does.
 */
public final class Sandbox implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Sandbox.class);
    private static final String SALES_FILE = "dataverse.bin.gz";
    private static final String OPERATIONS_FILE = "operations.bin.gz";
    private final SandboxOptions options;
    private final TokenIssuer tokens;
    private final TokenEndpoint tokenEndpoint;
    private final ManagedIdentityEndpoint identityEndpoint;
    private final DataverseService sales;
    private final OperationsService operations;
    private final ServiceProtection protection;
    private final RequestLog log = new RequestLog(500_000);
    private final Store salesStore;
    private final Store operationsStore;
    private final java.util.concurrent.ScheduledExecutorService saver;
    private long savedSales = -1;
    private long savedOperations = -1;

    public Sandbox(SandboxOptions options) {
        this.options = options;
        this.tokens = new TokenIssuer(options.tokenLifetime(), Clock.systemUTC());
        this.tokenEndpoint = new TokenEndpoint(options.clientSecrets(), options.clientCertificate(), tokens, Clock.systemUTC());
        this.identityEndpoint = new ManagedIdentityEndpoint(options.managedIdentities(), options.identityHeader(), tokens);
        this.protection = new ServiceProtection(options);

        this.salesStore = new Store(DataverseModel.schemas(DataverseModel.parseKeys(options.alternateKeys())));
        this.operationsStore = new Store(OperationsModel.schemas());
        if (!(loaded(salesStore, SALES_FILE) && loaded(operationsStore, OPERATIONS_FILE))) {
            seed(options);
        }
        this.sales = new DataverseService(salesStore, options, DataverseSeed.ROOT_BUSINESS_UNIT,
                "3b9a2f1e-6c1d-4e0a-9a51-0000000000aa");
        this.operations = new OperationsService(operationsStore, options.operationsPageSize(), options.costs());
        if (options.dataDirectory() != null) {
            saver = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "ferry-sandbox-save");
                t.setDaemon(true);
                return t;
            });
            saver.scheduleWithFixedDelay(this::saveQuietly, 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        } else {
            saver = null;
        }
    }

    private void seed(SandboxOptions options) {
        Seeder salesSeeder = new Seeder(options.seed());
        DataverseSeed salesSeed = new DataverseSeed(salesStore, salesSeeder);
        salesSeed.loadReferenceData();
        if (options.sampleData()) {
            salesSeed.loadSample();
        }
        new DataverseVolume(salesSeed, salesSeeder).generate(options.accounts(), options.contacts(), options.products(),
                options.orders());
        OperationsSeed operationsSeed = new OperationsSeed(operationsStore, new Seeder(options.seed() + 1));
        operationsSeed.loadReferenceData();
        if (options.sampleData()) {
            operationsSeed.loadSample(salesSeed.sampleAccountNumbers());
        }
        operationsSeed.generateProducts(options.products());
        operationsSeed.generateCustomers(options.customers());
    }

    /** Loads a store saved by an earlier start; false (the store left empty) when there is none or it cannot be used. */
    private boolean loaded(Store store, String name) {
        if (options.dataDirectory() == null) {
            return false;
        }
        java.nio.file.Path file = options.dataDirectory().resolve(name);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return false;
        }
        try {
            if (org.ferry.sandbox.internal.data.StoreSnapshot.load(store, file)) {
                LOG.info("Sandbox data loaded from {}", file);
                return true;
            }
            LOG.warn("Sandbox data in {} is of another format; starting from the sample data", file);
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Sandbox data in {} cannot be read ({}); starting from the sample data", file, e.toString());
        }
        return false;
    }

    private synchronized void saveQuietly() {
        try {
            save();
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warn("Saving the sandbox data failed: {}", e.toString());
        }
    }

    /** Saves the stores that changed since the last save, when the sandbox has a data directory. */
    public synchronized void save() throws java.io.IOException {
        if (options.dataDirectory() == null) {
            return;
        }
        if (salesStore.currentVersion() != savedSales) {
            long v = salesStore.currentVersion();
            org.ferry.sandbox.internal.data.StoreSnapshot.save(salesStore, options.dataDirectory().resolve(SALES_FILE));
            savedSales = v;
        }
        if (operationsStore.currentVersion() != savedOperations) {
            long v = operationsStore.currentVersion();
            org.ferry.sandbox.internal.data.StoreSnapshot.save(operationsStore,
                    options.dataDirectory().resolve(OPERATIONS_FILE));
            savedOperations = v;
        }
    }

    /** Stops saving in the background and saves once more. */
    @Override
    public void close() {
        if (saver != null) {
            saver.shutdownNow();
        }
        saveQuietly();
    }

    public SandboxOptions options() {
        return options;
    }

    public TokenIssuer tokens() {
        return tokens;
    }

    public TokenEndpoint tokenEndpoint() {
        return tokenEndpoint;
    }

    public ManagedIdentityEndpoint identityEndpoint() {
        return identityEndpoint;
    }

    public DataverseService sales() {
        return sales;
    }

    public OperationsService operations() {
        return operations;
    }

    public ServiceProtection protection() {
        return protection;
    }

    public RequestLog log() {
        return log;
    }
}
