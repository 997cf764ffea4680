package org.ferry.connectors.sales.internal;

import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.open;
import static org.ferry.connectors.sales.internal.SalesConnectorSandboxTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ReadRequest;
import org.ferry.api.connector.WriteOutcome;
import org.ferry.api.data.BusinessKey;
import org.ferry.api.data.DecimalValue;
import org.ferry.api.data.EntityRecord;
import org.ferry.api.data.ReferenceValue;
import org.ferry.api.data.Value;
import org.ferry.sandbox.SandboxOptions;
import org.ferry.testing.SandboxServer;
import org.junit.jupiter.api.Test;

/**
 * Line tables keyed by their parent's lookup plus sequencenumber, over real HTTP against a faithful sandbox, where
 * neither orders nor lines have an alternate key: the run reads the line's order by its ordernumber (the integration
 * key the read asks for), and writes lines found with {@code $filter} on the order's GUID and the sequence number.
 */
class SalesLineKeysSandboxTest {
    private static final String GUID = "(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private static final Map<String, Map<String, List<String>>> BY_ORDER_NUMBER =
            Map.of("salesorderid", Map.of("salesorder", List.of("ordernumber")));

    /** The lines, each keyed as a mapping keys them: by its order's number and its sequence number. */
    private static List<EntityRecord> lines(Connection c) {
        return readAll(c, new ReadRequest("salesorderdetail", List.of("quantity", "priceperunit", "salesorderid",
                "sequencenumber"), null, null, null, 100, BY_ORDER_NUMBER), null).stream()
                .map(r -> r.toBuilder().key(keyOf(r)).build())
                .toList();
    }

    private static BusinessKey keyOf(EntityRecord line) {
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("salesorderid", ((ReferenceValue) line.get("salesorderid")).key().get("ordernumber"));
        parts.put("sequencenumber", line.get("sequencenumber").asText());
        return BusinessKey.of(parts);
    }

    private static Set<BusinessKey> keys(List<EntityRecord> records) {
        return records.stream().map(EntityRecord::key).collect(Collectors.toSet());
    }

    /** A line carrying only its key and the given quantity: what a mapping from another system writes. */
    private static EntityRecord line(BusinessKey key, BigDecimal quantity, BigDecimal price) {
        return EntityRecord.builder("salesorderdetail").key(key)
                .set("salesorderid", Value.reference("salesorder", BusinessKey.of("ordernumber", key.get("salesorderid"))))
                .set("sequencenumber", Value.integer(Long.parseLong(key.get("sequencenumber"))))
                .set("quantity", Value.decimal(quantity)).set("priceperunit", Value.decimal(price)).build();
    }

    private static BigDecimal decimal(EntityRecord r, String field) {
        return ((DecimalValue) r.get(field)).value();
    }

    @Test
    void readsLineKeysByOrderNumberAndUpdatesTheSameLinesInPlace() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            Set<String> orderNumbers = readAll(c, new ReadRequest("salesorder", List.of("ordernumber"), null, null,
                    null, 100), null).stream().map(r -> r.get("ordernumber").asText()).collect(Collectors.toSet());
            List<EntityRecord> before = lines(c);
            assertTrue(before.size() > 15, "sample orders have lines: " + before.size());
            for (EntityRecord r : before) {
                assertEquals(List.of("salesorderid", "sequencenumber"), r.key().fields(), r.toString());
                assertTrue(orderNumbers.contains(r.key().get("salesorderid")), r.key().toString());
                assertFalse(r.key().get("salesorderid").matches(GUID), r.key().toString());
            }

            sandbox.requestLog().clear();
            List<EntityRecord> changed = before.stream()
                    .map(r -> line(r.key(), decimal(r, "quantity").add(BigDecimal.TEN), decimal(r, "priceperunit")))
                    .toList();
            List<WriteOutcome> outcomes = c.upsert("salesorderdetail", null, changed);
            outcomes.forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status(), o.toString()));
            // every order of the batch found with one filtered query, not one GET per line; the lines themselves with
            // one query per 25
            assertEquals(1, sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("GET") && e.path().endsWith("/salesorders")).count());
            assertEquals((changed.size() + 24) / 25, sandbox.requestLog().entries().stream()
                    .filter(e -> e.method().equals("GET") && e.path().endsWith("/salesorderdetails")).count());

            List<EntityRecord> after = lines(c);
            assertEquals(keys(before), keys(after));
            assertEquals(before.size(), after.size());
            Map<BusinessKey, BigDecimal> quantities = after.stream()
                    .collect(Collectors.toMap(EntityRecord::key, r -> decimal(r, "quantity")));
            for (EntityRecord r : before) {
                assertEquals(0, decimal(r, "quantity").add(BigDecimal.TEN).compareTo(quantities.get(r.key())));
            }
        }
    }

    @Test
    void copiesLinesToAnotherEnvironmentWhereTheOrdersHaveOtherGuids() {
        try (SandboxServer source = SandboxServer.start(SandboxOptions.builder().build());
             SandboxServer target = SandboxServer.start(SandboxOptions.builder().sampleData(false).build());
             Connection from = open(source, source.clientSecret(), Map.of());
             Connection to = open(target, target.clientSecret(), Map.of())) {
            List<EntityRecord> orders = readAll(from, new ReadRequest("salesorder", List.of("ordernumber", "name"),
                    null, null, null, 100), null);
            // orders have no alternate key: the key is the run's (the integration key), found by $filter
            List<EntityRecord> headers = orders.stream().map(o -> EntityRecord.builder("salesorder")
                    .key(BusinessKey.of("ordernumber", o.get("ordernumber").asText()))
                    .set("ordernumber", o.get("ordernumber")).set("name", o.get("name")).build()).toList();
            to.upsert("salesorder", null, headers)
                    .forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));

            List<EntityRecord> sourceLines = lines(from);
            List<EntityRecord> copies = sourceLines.stream()
                    .map(r -> line(r.key(), decimal(r, "quantity"), decimal(r, "priceperunit"))).toList();
            to.upsert("salesorderdetail", null, copies)
                    .forEach(o -> assertEquals(WriteOutcome.Status.INSERTED, o.status(), o.toString()));
            to.upsert("salesorderdetail", null, copies)
                    .forEach(o -> assertEquals(WriteOutcome.Status.UPDATED, o.status(), o.toString()));

            List<EntityRecord> copied = lines(to);
            assertEquals(keys(sourceLines), keys(copied));
            assertEquals(sourceLines.size(), copied.size());
            Set<String> numbers = orders.stream().map(o -> o.get("ordernumber").asText()).collect(Collectors.toSet());
            List<EntityRecord> targetOrders = readAll(to, new ReadRequest("salesorder", List.of("ordernumber"), null,
                    null, null, 100), null);
            Map<String, String> targetIds = targetOrders.stream()
                    .collect(Collectors.toMap(o -> o.get("ordernumber").asText(), EntityRecord::sourceId));
            for (EntityRecord r : copied) {
                // the target's line points at the target's own order, found by its number, and names its GUID
                String number = r.key().get("salesorderid");
                assertTrue(numbers.contains(number), r.key().toString());
                assertEquals(new ReferenceValue("salesorder", BusinessKey.of("ordernumber", number), targetIds.get(number)),
                        r.get("salesorderid"));
            }
            Set<String> sourceOrderIds = orders.stream().map(EntityRecord::sourceId).collect(Collectors.toSet());
            targetOrders.forEach(o -> assertFalse(sourceOrderIds.contains(o.sourceId()), "a new GUID in the target"));
        }
    }

    @Test
    void aLineOfAMissingOrderFailsOnItsOwnNamingTheFieldAndTheKey() {
        try (SandboxServer sandbox = SandboxServer.start(SandboxOptions.builder().build());
             Connection c = open(sandbox, sandbox.clientSecret(), Map.of())) {
            EntityRecord existing = lines(c).get(0);
            Map<String, String> parts = new LinkedHashMap<>();
            parts.put("salesorderid", "SO-NOPE");
            parts.put("sequencenumber", "1");
            BusinessKey orphanKey = BusinessKey.of(parts);
            List<WriteOutcome> outcomes = c.upsert("salesorderdetail", null, List.of(
                    line(orphanKey, BigDecimal.ONE, BigDecimal.ONE),
                    line(existing.key(), BigDecimal.TWO, BigDecimal.ONE)));
            WriteOutcome failed = outcomes.get(0);
            assertEquals(WriteOutcome.Status.FAILED, failed.status());
            assertEquals("salesorderid", failed.field());
            assertTrue(failed.message().contains("SO-NOPE") && failed.message().contains("salesorder"),
                    failed.message());
            assertEquals(orphanKey, failed.key());
            assertEquals(WriteOutcome.Status.UPDATED, outcomes.get(1).status(), outcomes.get(1).toString());

            // a bare key names its order by number, which a table without an alternate key cannot be searched by:
            // the delete says so instead of guessing; by the order's GUID it works
            WriteOutcome refused = c.delete("salesorderdetail", null, List.of(orphanKey)).get(0);
            assertEquals(WriteOutcome.Status.FAILED, refused.status());
            assertTrue(refused.message().contains("cannot be searched"), refused.message());
            int count = lines(c).size();
            Map<String, String> byGuid = new LinkedHashMap<>();
            byGuid.put("salesorderid", ((ReferenceValue) existing.get("salesorderid")).id());
            byGuid.put("sequencenumber", existing.key().get("sequencenumber"));
            assertEquals(WriteOutcome.Status.DELETED, c.delete("salesorderdetail", null, List.of(BusinessKey.of(byGuid)))
                    .get(0).status());
            List<EntityRecord> left = lines(c);
            assertEquals(count - 1, left.size());
            assertFalse(keys(left).contains(existing.key()));
        }
    }
}
