package org.ferry.runtime.internal.run;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.Value;
import org.ferry.api.data.ValueType;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.api.template.FieldMapping;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.TransformStep;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.Consent;
import org.ferry.runtime.management.ProjectInfo;
import org.ferry.runtime.management.ProjectTask;
import org.ferry.runtime.testing.EngineHarness;
import org.ferry.runtime.testing.MemorySystem;
import org.ferry.transforms.internal.country.CountryRegionCodeTransform;
import org.ferry.transforms.internal.mapping.DefaultTransform;
import org.ferry.transforms.internal.mapping.TruncateTransform;
import org.ferry.transforms.internal.mapping.ValueMapTransform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A two-leg task (sales → hub → operations) through the real engine ({@link EngineHarness}), the real store on
 * Derby files and the real built-in transforms: value maps, defaults, truncation, country codes and a lookup
 * through an integration key. Shared by the engine's run tests.
 */
abstract class RunEngineFixture {
    protected static final Actor ADMIN = new Actor("alice", "admin");
    protected static final int ACCOUNTS = 200;

    @TempDir
    Path dir;

    protected EngineHarness engine;
    protected Database db;
    protected RunManager runs;
    protected final MemorySystem sales = new MemorySystem();
    protected final MemorySystem hub = new MemorySystem();
    protected final MemorySystem ops = new MemorySystem();
    protected final Map<String, ProjectInfo> projects = new HashMap<>();
    protected ConnectionSetInfo set;

    @BeforeEach
    void setUp() throws Exception {
        sales.entity(new EntitySchema("account", "Account", List.of(FieldSchema.text("accountnumber", 20),
                FieldSchema.text("name", 160), FieldSchema.text("state", 50), FieldSchema.text("country", 80),
                FieldSchema.of("revenue", ValueType.DECIMAL), FieldSchema.lookup("transactioncurrencyid", "transactioncurrency"),
                FieldSchema.lookup("parentaccountid", "account")), List.of("accountid"), List.of(List.of("accountnumber")),
                List.of("accountnumber"), null)).unit("root-bu");
        hub.entity(new EntitySchema("Account", "Account", List.of(FieldSchema.text("AccountId", 20).asRequired(),
                FieldSchema.text("Name", 30).asRequired(), FieldSchema.text("State", 2), FieldSchema.text("Country", 3),
                FieldSchema.text("CurrencyCode", 3), FieldSchema.text("CustomerGroupId", 10),
                FieldSchema.of("Revenue", ValueType.INTEGER), FieldSchema.lookup("ParentAccount", "Account"),
                FieldSchema.text("Organization_OrganizationId", 20)), List.of("AccountId"), List.of(), List.of("AccountId"),
                "Organization_OrganizationId")).unit("ORG001").unit("ORG002");
        ops.entity(new EntitySchema("CustomersV3", "Customers", List.of(FieldSchema.text("CustomerAccount", 20).asRequired(),
                FieldSchema.text("OrganizationName", 100), FieldSchema.text("AddressCountryRegionISOCode", 2),
                FieldSchema.text("CustomerGroupId", 10).asRequired(), FieldSchema.text("SalesCurrencyCode", 3)),
                List.of("dataAreaId", "CustomerAccount"), List.of(), List.of("CustomerAccount"), "dataAreaId")).unit("USMF").unit("DEMF");
        for (int i = 0; i < ACCOUNTS; i++) {
            sales.put(account(i, "Account number " + i + " with a rather long name", i % 2 == 0 ? "Alabama" : "Alaska",
                    i % 3 == 0 ? "United States" : "Germany", "12.75"));
        }
        set = new ConnectionSetInfo("set1", "Test", Map.of("sales", "c-sales", "cds", "c-hub", "operations", "c-ops"),
                List.of(new OrganizationMapping("USMF", Map.of("sales", "root-bu", "cds", "ORG001", "operations", "USMF"))),
                Map.of("cds", Map.of("Account", List.of("AccountId"))), Instant.now(), Instant.now());
        engine = EngineHarness.in(dir).connection("c-sales", sales).connection("c-hub", hub).connection("c-ops", ops)
                .otherConnections(extra::get)
                .transforms(List.of(new DefaultTransform(), new ValueMapTransform(), new TruncateTransform(),
                        new CountryRegionCodeTransform()))
                .projects(id -> Optional.ofNullable(projects.get(id))).connectionSets(id -> Optional.of(set))
                .store(org.ferry.runtime.internal.TestStores::open).start();
        db = engine.database();
        runs = (RunManager) engine.runs();
    }

    @AfterEach
    void tearDown() {
        engine.close();
    }

    protected final Map<String, MemorySystem> extra = new HashMap<>();

    protected void project(String id, int tolerance) {
        List<FieldMapping> toHub = List.of(
                FieldMapping.direct("AccountId", "accountnumber"),
                new FieldMapping("Name", "name", List.of(new TransformStep("Truncate", Map.of()))),
                new FieldMapping("State", "state", List.of(TransformStep.valueMap(Map.of("Alabama", "AL", "Alaska", "AK")))),
                new FieldMapping("Country", "country", List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha3")))),
                FieldMapping.direct("CurrencyCode", "transactioncurrencyid.isocurrencycode"),
                new FieldMapping("CustomerGroupId", null, List.of(TransformStep.defaultValue("10"))),
                FieldMapping.direct("Revenue", "revenue"),
                FieldMapping.direct("ParentAccount", "parentaccountid.accountnumber"));
        List<FieldMapping> toOps = List.of(
                FieldMapping.direct("CustomerAccount", "AccountId"),
                FieldMapping.direct("OrganizationName", "Name"),
                new FieldMapping("AddressCountryRegionISOCode", "Country", List.of(new TransformStep("CountryRegionCode", Map.of("to", "alpha2")))),
                FieldMapping.direct("CustomerGroupId", "CustomerGroupId"),
                FieldMapping.direct("SalesCurrencyCode", "CurrencyCode"));
        projects.put(id, new ProjectInfo(id, "Accounts (Sales to Fin and Ops)", null, "set1", "USMF", consent(),
                List.of(new ProjectTask("t1", "Accounts", List.of(
                        new LegTemplate("sales", "account", "cds", "Account", toHub, null, List.of(), false),
                        new LegTemplate("cds", "Account", "operations", "CustomersV3", toOps, null, List.of(), false)))),
                tolerance, Instant.now(), Instant.now()));
    }

    protected static Consent consent() {
        return new Consent(true, "alice", Instant.now(), Consent.TEXT_VERSION);
    }

    protected static String accountNumber(int i) {
        return String.format("ACC-%05d", i);
    }

    protected static EntityRecord account(int i, String name, String state, String country, String revenue) {
        return EntityRecord.builder("account").key(BusinessKey.of("accountnumber", accountNumber(i))).sourceId("guid-" + i)
                .text("accountnumber", accountNumber(i)).text("name", name).text("state", state).text("country", country)
                .set("revenue", Value.decimal(new BigDecimal(revenue)))
                .set("transactioncurrencyid", Value.reference("transactioncurrency", BusinessKey.of("isocurrencycode", "USD")))
                .set("parentaccountid", i == 0 ? null : Value.reference("account", BusinessKey.of("accountnumber", accountNumber(0))))
                .build();
    }

    protected static EntityRecord customer(String id, String company, String name) {
        return EntityRecord.builder("CustomersV3").key(BusinessKey.of(Map.of("dataAreaId", company, "CustomerAccount", id)))
                .organization(company).text("CustomerAccount", id).text("OrganizationName", name).text("CustomerGroupId", "10").build();
    }
}
