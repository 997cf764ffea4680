package org.ferry.templates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.RecordReader;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.data.FieldSchema;
import org.ferry.api.data.TextValue;
import org.ferry.api.data.Value;
import org.ferry.api.error.RecordException;
import org.ferry.api.template.LegTemplate;
import org.ferry.api.template.ProjectTemplate;
import org.ferry.runtime.testing.LegProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Accounts template on real data: the sandbox's Sales accounts read by the Sales connector, mapped
 * through leg 1 into CDS Account records, and those mapped through leg 2 into F&amp;O customers, with the
 * engine's mapping and the built-in transforms. Nothing is written; the values are what a run would write.
 */
class AccountsMappingTest {
    private static final String LONG_NAME = "ACC-01999-LONGNM";
    private static final String UNKNOWN_COUNTRY = "ACC-01998-BADCTY";

    private static LiveSystems systems;
    /** Leg-1 outcomes by Sales account number ({@code null} for the account without one). */
    private static final Map<String, Object> hub = new LinkedHashMap<>();
    /** Leg-2 results by customer account. */
    private static final Map<String, EntityRecord> customers = new LinkedHashMap<>();
    private static final List<EntityRecord> salesAccounts = new ArrayList<>();

    @BeforeAll
    static void mapTheSample() {
        systems = new LiveSystems();
        ProjectTemplate accounts = CustomerTemplates.accounts();
        LegTemplate toHub = accounts.tasks().get(0).legs().get(0);
        LegTemplate toOperations = accounts.tasks().get(0).legs().get(1);
        LegProbe leg1 = systems.compile(toHub, accounts.integrationKeys());
        LegProbe leg2 = systems.compile(toOperations, accounts.integrationKeys());
        // read as a run reads: the lookups by the related fields the mapping reads (the currency's ISO code)
        ReadRequest read = new ReadRequest("account", List.of(), null, null, null, 100,
                leg1.lookupKeys(systems.schema(Roles.SALES, "account")));
        try (RecordReader reader = systems.connection(Roles.SALES).read(read)) {
            for (List<EntityRecord> page = reader.nextPage(); page != null; page = reader.nextPage()) {
                salesAccounts.addAll(page);
            }
        }
        for (EntityRecord account : salesAccounts) {
            Value number = account.get("accountnumber");
            String key = number == null ? null : number.asText();
            try {
                LegProbe.Result result = leg1.map(account, LiveSystems.ORGANIZATION);
                hub.put(key, result);
                if (result instanceof LegProbe.Mapped m) {
                    LegProbe.Result customer = leg2.map(m.record(), "USMF");
                    customers.put(key, assertInstanceOf(LegProbe.Mapped.class, customer, key).record());
                }
            } catch (RecordException e) {
                hub.put(key, e);
            }
        }
    }

    @AfterAll
    static void stop() {
        systems.close();
    }

    @Test
    void everyGoodAccountBecomesACustomerKeyedByItsAccountNumber() {
        assertEquals(43, salesAccounts.size(), "the sample's 40 accounts and 3 bad ones");
        assertEquals(41, customers.size(), "all but the one without a number and the one in Atlantis");
        customers.forEach((number, c) -> {
            assertEquals(number, c.get("CustomerAccount").asText());
            assertEquals(number, c.key().get("CustomerAccount"));
        });
    }

    @Test
    void anAccountWithoutAccountNumberIsSkippedNotFailed() {
        LegProbe.Skipped skipped = assertInstanceOf(LegProbe.Skipped.class, hub.get(null));
        assertEquals("AccountId", skipped.field());
    }

    @Test
    void anUnknownCountryFailsThatRecordNamingTheField() {
        RecordException e = assertInstanceOf(RecordException.class, hub.get(UNKNOWN_COUNTRY));
        assertEquals("Address1_Country", e.field());
        assertTrue(e.getMessage().contains("Atlantis"), e.getMessage());
    }

    @Test
    void countriesGoFromSalesNamesToHubAlpha2ToOperationsAlpha3AndIso() {
        Map<String, String[]> expected = Map.of(
                "United States", new String[] {"US", "USA"},
                "Canada", new String[] {"CA", "CAN"},
                "Germany", new String[] {"DE", "DEU"},
                "France", new String[] {"FR", "FRA"});
        int checked = 0;
        for (EntityRecord account : salesAccounts) {
            String number = text(account, "accountnumber");
            if (!customers.containsKey(number)) {
                continue;
            }
            String[] codes = expected.get(text(account, "address1_country"));
            assertNotNull(codes, "a sample country: " + text(account, "address1_country"));
            assertEquals(codes[0], text(hubRecord(number), "Address1_Country"));
            assertEquals(codes[1], text(customers.get(number), "AddressCountryRegionId"));
            assertEquals(codes[0], text(customers.get(number), "AddressCountryRegionISOCode"));
            checked++;
        }
        assertEquals(41, checked);
    }

    @Test
    void theP2cDefaultsAndTheExternallyMaintainedFlagAreSet() {
        for (EntityRecord c : customers.values()) {
            assertEquals("10", text(c, "CustomerGroupId"));
            assertEquals("en-us", text(c, "LanguageId"));
            assertEquals("1", text(c, "SiteId"));
            assertEquals("13", text(c, "WarehouseId"));
            assertEquals("Organization", text(c, "PartyType"));
            assertEquals("Yes", text(c, "IsExternallyMaintained"));
            assertTrue(List.of("USD", "EUR").contains(text(c, "SalesCurrencyCode")), text(c, "SalesCurrencyCode"));
        }
    }

    @Test
    void theTooLongNameFitsTheHubAndIsTruncatedToOperationsLength() {
        String salesName = salesAccounts.stream().filter(a -> LONG_NAME.equals(text(a, "accountnumber")))
                .map(a -> text(a, "name")).findFirst().orElseThrow();
        assertEquals(120, salesName.length());
        assertEquals(salesName, text(hubRecord(LONG_NAME), "Name"));
        assertEquals(salesName.substring(0, 100), text(customers.get(LONG_NAME), "OrganizationName"));
    }

    @Test
    void everyMappedTextFitsItsDestinationField() {
        EntitySchema account = systems.schema(Roles.CDS, "Account");
        EntitySchema customer = systems.schema(Roles.OPERATIONS, "CustomersV3");
        hub.values().stream().filter(LegProbe.Mapped.class::isInstance)
                .forEach(r -> assertFits(((LegProbe.Mapped) r).record(), account));
        customers.values().forEach(c -> assertFits(c, customer));
    }

    private static void assertFits(EntityRecord record, EntitySchema schema) {
        record.values().forEach((field, value) -> {
            FieldSchema f = schema.field(field).orElseThrow(() -> new AssertionError(field + " is not in " + schema.name()));
            if (value instanceof TextValue t && f.maxLength() != null) {
                assertTrue(t.value().length() <= f.maxLength(), schema.name() + "." + field + " holds " + f.maxLength()
                        + " characters, got '" + t.value() + "'");
            }
            assertEquals(f.type(), value == null ? f.type() : value.type(), schema.name() + "." + field);
        });
    }

    private static EntityRecord hubRecord(String number) {
        return assertInstanceOf(LegProbe.Mapped.class, hub.get(number), number).record();
    }

    private static String text(EntityRecord r, String field) {
        Value v = r.get(field);
        return v == null ? null : v.asText();
    }
}
