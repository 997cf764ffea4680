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

/** Assembles one sandbox: seeded stores, the two services, tokens, limits and the request log. */
public final class Sandbox {
    private final SandboxOptions options;
    private final TokenIssuer tokens;
    private final TokenEndpoint tokenEndpoint;
    private final ManagedIdentityEndpoint identityEndpoint;
    private final DataverseService sales;
    private final OperationsService operations;
    private final ServiceProtection protection;
    private final RequestLog log = new RequestLog(500_000);

    public Sandbox(SandboxOptions options) {
        this.options = options;
        this.tokens = new TokenIssuer(options.tokenLifetime(), Clock.systemUTC());
        this.tokenEndpoint = new TokenEndpoint(SandboxOptions.CLIENT_ID, options.clientSecret(), options.clientCertificate(),
                tokens, Clock.systemUTC());
        this.identityEndpoint = new ManagedIdentityEndpoint(options.managedIdentities(), options.identityHeader(), tokens);
        this.protection = new ServiceProtection(options);

        Store salesStore = new Store(DataverseModel.schemas());
        Seeder salesSeeder = new Seeder(options.seed());
        DataverseSeed salesSeed = new DataverseSeed(salesStore, salesSeeder);
        salesSeed.loadReferenceData();
        if (options.sampleData()) {
            salesSeed.loadSample();
        }
        new DataverseVolume(salesSeed, salesSeeder).generate(options.accounts(), options.contacts(), options.products(),
                options.orders());
        this.sales = new DataverseService(salesStore, options.maxPageSize(), DataverseSeed.ROOT_BUSINESS_UNIT,
                "3b9a2f1e-6c1d-4e0a-9a51-0000000000aa");

        Store operationsStore = new Store(OperationsModel.schemas());
        OperationsSeed operationsSeed = new OperationsSeed(operationsStore, new Seeder(options.seed() + 1));
        operationsSeed.loadReferenceData();
        if (options.sampleData()) {
            operationsSeed.loadSample(salesSeed.sampleAccountNumbers());
        }
        operationsSeed.generateProducts(options.products());
        operationsSeed.generateCustomers(options.customers());
        this.operations = new OperationsService(operationsStore, options.operationsPageSize());
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
