package org.ferry.runtime.internal.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.ferry.api.connector.Connection;
import org.ferry.api.connector.ConnectionContext;
import org.ferry.api.connector.TestResult;
import org.ferry.api.error.ConfigurationException;
import org.ferry.api.error.FieldProblem;
import org.ferry.api.organization.OrganizationMapping;
import org.ferry.runtime.internal.EngineFixture;
import org.ferry.runtime.internal.FakeConnectorFactory;
import org.ferry.runtime.internal.keymap.KeyMapPair;
import org.ferry.runtime.internal.keymap.KeyMapStore;
import org.ferry.runtime.internal.store.SecretBox;
import org.ferry.runtime.management.AuditEntry;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionDraft;
import org.ferry.runtime.management.ConnectionInfo;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.NotFoundException;
import org.junit.jupiter.api.Test;

class ConnectionManagerTest extends EngineFixture {
    private static final String CANARY = "canary-7Q2xZ9-never-in-clear";

    @Test
    void secretsAreMaskedInResponsesAndSealedAtRest() {
        ConnectionInfo created = connections.create(new ConnectionDraft("Sales (sandbox) — ünïcode", "dynamics-sales",
                config(CANARY)), ADMIN);

        assertEquals(ConnectionInfo.MASK, created.config().get("clientSecret"));
        assertEquals("https://contoso.example.com/api", created.config().get("baseUrl"));
        assertTrue(created.deployed());
        assertEquals(ConnectionInfo.MASK, connections.get(created.id()).orElseThrow().config().get("clientSecret"));
        assertTrue(connections.list().stream().noneMatch(c -> c.config().containsValue(CANARY)));
        assertFalse(created.toString().contains(CANARY));
        assertEquals(List.of(), tablesContaining(CANARY), "the secret is stored in clear");
        assertTrue(tablesContaining("contoso.example.com").contains("CONNECTIONS.CONFIG"), "the scan sees plain values");
        assertEquals(0, count("SELECT COUNT(*) FROM connections WHERE id = ? AND CAST(config AS VARCHAR(4000)) LIKE"
                + " '%clientSecret%'", created.id()));
        assertEquals(1, count("SELECT COUNT(*) FROM connection_secrets WHERE connection_id = ?", created.id()));
        // and the connector gets the real value
        opener.open(created.id()).close();
        assertEquals(CANARY, sales.lastConfig().get("clientSecret"));
        assertTrue(audit.entries(0, 1000).stream().noneMatch(e -> String.valueOf(e.detail()).contains(CANARY)));
    }

    @Test
    void sendingTheMaskBackOrOmittingTheSecretKeepsIt() {
        ConnectionInfo created = connection("Keep", "dynamics-sales");
        Map<String, String> edited = new HashMap<>(created.config());
        edited.put("clientId", "ferry-2");
        connections.update(created.id(), new ConnectionDraft("Keep", null, edited), ADMIN);
        assertEquals(FakeConnectorFactory.GOOD_SECRET, openedConfig(created.id()).get("clientSecret"));
        assertEquals("ferry-2", openedConfig(created.id()).get("clientId"));

        edited.remove("clientSecret");
        ConnectionInfo updated = connections.update(created.id(), new ConnectionDraft("Keep", "dynamics-sales", edited), ADMIN);
        assertEquals(ConnectionInfo.MASK, updated.config().get("clientSecret"));
        assertEquals(FakeConnectorFactory.GOOD_SECRET, openedConfig(created.id()).get("clientSecret"));

        edited.put("clientSecret", CANARY + "-new");
        connections.update(created.id(), new ConnectionDraft("Keep", null, edited), ADMIN);
        assertEquals(CANARY + "-new", openedConfig(created.id()).get("clientSecret"));
        assertEquals(List.of(), tablesContaining(CANARY + "-new"));
        AuditEntry last = auditFor("connection:" + created.id()).get(0);
        assertEquals("connection.update", last.action());
        assertEquals("changed: config.clientSecret (secret)", last.detail());
    }

    @Test
    void theMaskIsNotAValueForANewConnection() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> connections.create(
                new ConnectionDraft("Masked", "dynamics-sales", config(ConnectionInfo.MASK)), ADMIN));
        assertEquals(List.of(new FieldProblem("config.clientSecret", "is required")), e.problems());
    }

    @Test
    void aSecretSealedWithAnotherKeyGivesAClearError() {
        ConnectionInfo created = connection("Other key", "dynamics-sales");
        String foreign = SecretBox.ofKey(new byte[32]).seal("whatever");
        execute("UPDATE connection_secrets SET sealed = ? WHERE connection_id = ?", foreign, created.id());

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> opener.open(created.id()));
        assertEquals("config.clientSecret", e.problems().get(0).field());
        assertTrue(e.getMessage().contains("cannot be decrypted"), e.getMessage());
        assertTrue(e.getMessage().contains("FERRY_SECRET_KEY"), e.getMessage());
        // keeping the unreadable secret is refused the same way; entering it again repairs the connection
        ConfigurationException keep = assertThrows(ConfigurationException.class, () -> connections.update(created.id(),
                new ConnectionDraft("Other key", null, created.config()), ADMIN));
        assertEquals("config.clientSecret", keep.problems().get(0).field());
        connections.update(created.id(), new ConnectionDraft("Other key", null,
                config(FakeConnectorFactory.GOOD_SECRET)), ADMIN);
        assertTrue(connections.test(created.id(), ADMIN).ok());
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsField() {
        Map<String, String> bad = Map.of("baseUrl", "jdbc:derby:/tmp/evil;create=true", "clientId", "jndi:ldap://x/y",
                "pageSize", "ten", "mode", "slow", "verbose", "yes", "driverClass", "org.evil.Driver");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> connections.create(new ConnectionDraft("\t", "dynamics-sales", bad), ADMIN));
        Set<String> fields = e.problems().stream().map(FieldProblem::field).collect(Collectors.toSet());
        assertEquals(Set.of("name", "config.baseUrl", "config.clientId", "config.pageSize", "config.mode", "config.verbose",
                "config.driverClass", "config.clientSecret"), fields);
        assertFalse(e.getMessage().contains("evil"), "values are not echoed: " + e.getMessage());
    }

    @Test
    void unknownConnectorTypesAreRefused() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> connections.create(new ConnectionDraft("X", "salesforce", Map.of()), ADMIN));
        assertEquals(List.of(new FieldProblem("type", "connector type 'salesforce' is not deployed")), e.problems());
    }

    @Test
    void theConnectorsOwnChecksAreNamedUnderConfig() {
        Map<String, String> c = new HashMap<>(config("x"));
        c.put("clientId", "unknown-client");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> connections.create(new ConnectionDraft("X", "dynamics-sales", c), ADMIN));
        assertEquals(List.of(new FieldProblem("config.clientId", "is not registered with the service")), e.problems());
    }

    @Test
    void urlsMustBeHttpsOrLoopbackHttpWhenAllowed() {
        assertEquals(List.of(), urlProblems(connections, "http://127.0.0.1:8080/sandbox/sales"));
        assertEquals(List.of(), urlProblems(connections, "http://localhost:8080/x"));
        assertEquals(List.of(), urlProblems(connections, "http://[::1]:8080/x"));
        assertTrue(urlProblems(connections, "http://contoso.example.com").get(0).contains("https"));
        assertTrue(urlProblems(connections, "file:///etc/passwd").get(0).contains("file locations"));
        assertTrue(urlProblems(connections, "/etc/passwd").get(0).contains("absolute http or https"));
        assertTrue(urlProblems(connections, "org.apache.derby.jdbc.EmbeddedDriver").get(0).contains("http"));
        assertTrue(urlProblems(connections, "https://user:pw@contoso.example.com").get(0).contains("credentials"));

        ConnectionManager strict = new ConnectionManager(database, registry,
                new ConnectionOpener(database, registry, dataDir.resolve("data"), false), audit, clock);
        assertEquals(List.of("must use https"), urlProblems(strict, "http://127.0.0.1:8080/sandbox/sales"));
        assertEquals(List.of(), urlProblems(strict, "https://contoso.crm.dynamics.com"));
    }

    private static List<String> urlProblems(ConnectionManager manager, String url) {
        Map<String, String> c = new HashMap<>(config("x"));
        c.put("baseUrl", url);
        try {
            manager.create(new ConnectionDraft("Url " + System.nanoTime(), "dynamics-sales", c), ADMIN);
            return List.of();
        } catch (ConfigurationException e) {
            return e.problems().stream().map(p -> p.field() + ": " + p.message())
                    .peek(m -> assertTrue(m.startsWith("config.baseUrl: "), m))
                    .map(m -> m.substring("config.baseUrl: ".length())).toList();
        }
    }

    @Test
    void theTypeOfAConnectionCannotChange() {
        ConnectionInfo created = connection("Typed", "dynamics-sales");
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> connections.update(created.id(),
                new ConnectionDraft("Typed", "cds", created.config()), ADMIN));
        assertEquals("type", e.problems().get(0).field());
    }

    @Test
    void aConnectionInUseCannotBeDeleted() throws Exception {
        ConnectionInfo used = connection("Used", "cds");
        opener.open(used.id()).close();
        Files.writeString(cds.contexts.get(cds.contexts.size() - 1).workDirectory().resolve("cache.txt"), "x");
        ConnectionSetInfo set = sets.create(new ConnectionSetInfo(null, "Uses it", Map.of("cds", used.id()),
                List.of(new OrganizationMapping("ORG", Map.of("cds", "ORG001"))), Map.of(), null, null), ADMIN);

        ConflictException e = assertThrows(ConflictException.class, () -> connections.delete(used.id(), ADMIN));
        assertTrue(e.getMessage().contains("'Uses it'"), e.getMessage());

        sets.delete(set.id(), ADMIN);
        connections.delete(used.id(), ADMIN);
        assertTrue(connections.get(used.id()).isEmpty());
        assertFalse(Files.exists(opener.workDirectory(used.id())), "the work folder is removed with the connection");
        assertThrows(NotFoundException.class, () -> connections.delete(used.id(), ADMIN));
        assertEquals(List.of("connection.delete", "connection.create"),
                auditFor("connection:" + used.id()).stream().map(AuditEntry::action).toList());
    }

    @Test
    void deletingAConnectionDropsTheKeyMapsOfItsRecordsAndNoOthers() {
        ConnectionInfo from = connection("Key map source", "cds");
        ConnectionInfo to = connection("Key map target", "cds");
        ConnectionInfo other = connection("Other target", "cds");
        KeyMapStore maps = new KeyMapStore(database);
        KeyMapPair fromTo = new KeyMapPair(from.id(), "Account", to.id(), "Account");
        KeyMapPair otherPair = new KeyMapPair(from.id(), "Account", other.id(), "Account");
        int map = maps.mapId(fromTo);
        maps.remember(map, List.of(new KeyMapStore.Entry("s-1", "", null, "t-1", "h")), e -> false, "p", "r");
        maps.mapId(otherPair);

        connections.delete(to.id(), ADMIN);

        assertTrue(maps.findMap(fromTo).isEmpty(), "the map into the deleted connection is gone");
        assertTrue(maps.find(map, "", List.of("s-1")).isEmpty(), "and its entries with it");
        assertTrue(maps.findMap(otherPair).isPresent(), "a map between connections that remain is kept");
        assertTrue(auditFor("connection:" + to.id()).get(0).detail().contains("key maps dropped=1"));
    }

    @Test
    void theOpenerAppliesDefaultsAndDescribesTheConnection() {
        ConnectionInfo created = connection("Defaults", "dynamics-operations");
        try (Connection c = opener.open(created.id())) {
            assertEquals("clear-all-data", c.actions().get(0).name());
            assertEquals("100", operations.lastConfig().get("pageSize"));
            assertEquals("fast", operations.lastConfig().get("mode"));
            ConnectionContext context = operations.contexts.get(operations.contexts.size() - 1);
            assertEquals(created.id(), context.connectionId());
            assertEquals("Defaults", context.connectionName());
            assertEquals(dataDir.resolve("data").resolve("connections").resolve(created.id()).toAbsolutePath(),
                    context.workDirectory());
            assertTrue(context.allowInsecureLoopback());
        }
        assertEquals("dynamics-operations", opener.connectorType(created.id()));
        assertThrows(NotFoundException.class, () -> opener.open("no-such-connection"));
    }

    @Test
    void aConnectorThatLeftCannotBeOpened() {
        FakeConnectorFactory leaving = new FakeConnectorFactory("leaving");
        var ref = org.ferry.runtime.internal.plugins.TestRegistries.addConnector(registry, leaving);
        ConnectionInfo created = connection("Leaving", "leaving");
        org.ferry.runtime.internal.plugins.TestRegistries.removeConnector(registry, ref);

        assertFalse(connections.get(created.id()).orElseThrow().deployed());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> opener.open(created.id()));
        assertEquals(List.of(new FieldProblem("type", "connector type 'leaving' is not deployed")), e.problems());
        connections.delete(created.id(), ADMIN);
    }

    @Test
    void entitiesAreCachedUntilRefreshedOrReconfigured() {
        ConnectionInfo created = connection("Entities", "dynamics-sales");
        int before = sales.listCalls.get();
        assertEquals(List.of("account", "contact"), connections.entities(created.id()).stream().map(e -> e.name()).toList());
        assertEquals(2, connections.entities(created.id()).size());
        assertEquals(before + 1, sales.listCalls.get());

        var schema = connections.entity(created.id(), "account");
        assertEquals(schema, connections.entity(created.id(), "account"));
        assertEquals(List.of("accountnumber"), schema.businessKey());

        connections.refreshEntities(created.id());
        assertEquals(before + 2, sales.listCalls.get());

        Map<String, String> moved = new HashMap<>(created.config());
        moved.put("baseUrl", "https://elsewhere.example.com");
        connections.update(created.id(), new ConnectionDraft("Entities", null, moved), ADMIN);
        connections.entities(created.id());
        assertEquals(before + 3, sales.listCalls.get());
    }

    @Test
    void testOrganizationsAndActionsGoToTheConnector() {
        ConnectionInfo good = connection("Tested", "cds");
        assertTrue(connections.test(good.id(), ADMIN).ok());
        assertEquals("connection.test", auditFor("connection:" + good.id()).get(0).action());
        assertEquals("USMF", connections.organizations(good.id()).get(0).id());
        assertEquals("clear-all-data", connections.actions(good.id()).get(0).name());
        assertEquals("cleared", connections.perform(good.id(), "clear-all-data", ADMIN));
        assertEquals("connection.perform", auditFor("connection:" + good.id()).get(0).action());
        assertThrows(ConfigurationException.class, () -> connections.perform(good.id(), "format-disk", ADMIN));

        ConnectionInfo bad = connections.create(new ConnectionDraft("Wrong secret", "cds", config("nope")), ADMIN);
        assertFalse(connections.test(bad.id(), ADMIN).ok());
        assertNotEquals(0, cds.closed.get());
    }

    @Test
    void unsavedSettingsAreTestedAsIfStoredAndNothingIsStored() {
        TestResult wrong = connections.test(new ConnectionDraft("Draft", "cds", config("nope")), null, ADMIN);
        assertFalse(wrong.ok());
        assertTrue(connections.list().stream().noneMatch(c -> c.name().equals("Draft")), "nothing stored");
        assertTrue(connections.test(new ConnectionDraft("Draft", "cds", config(FakeConnectorFactory.GOOD_SECRET)), null,
                ADMIN).ok());
        assertTrue(audit.entries(0, 10).stream().anyMatch(e -> e.action().equals("connection.test")
                && e.detail().contains("unsaved settings")), "the test is audited");

        // editing a stored connection: the mask stands for its stored secret, a typed secret replaces it for the test
        ConnectionInfo stored = connection("Stored for a test", "cds");
        assertTrue(connections.test(new ConnectionDraft(null, null, config(ConnectionInfo.MASK)), stored.id(), ADMIN).ok());
        assertFalse(connections.test(new ConnectionDraft(null, null, config("typed-wrong")), stored.id(), ADMIN).ok());
        assertTrue(connections.test(stored.id(), ADMIN).ok(), "the stored secret did not change");

        ConfigurationException invalid = assertThrows(ConfigurationException.class, () -> connections.test(
                new ConnectionDraft("Draft", "cds", Map.of("baseUrl", "jdbc:derby:/x", "unknownField", "1")), null, ADMIN));
        assertTrue(invalid.problems().size() >= 2, "every problem at once: " + invalid.problems());
    }

    @Test
    void aTakenNameJoinsTheFormsOtherProblemsAndAloneIsAConflict() {
        connection("Taken", "cds");
        ConfigurationException both = assertThrows(ConfigurationException.class, () -> connections.create(
                new ConnectionDraft("taken ", "cds", Map.of("unknownField", "1")), ADMIN));
        assertTrue(both.problems().stream().anyMatch(p -> p.field().equals("name") && p.message().contains("'taken'")),
                both.problems().toString());
        assertTrue(both.problems().stream().anyMatch(p -> p.field().startsWith("config.")), both.problems().toString());
        assertThrows(ConflictException.class, () -> connections.create(new ConnectionDraft("TAKEN", "cds",
                config(FakeConnectorFactory.GOOD_SECRET)), ADMIN));
    }

    private Map<String, String> openedConfig(String id) {
        opener.open(id).close();
        return sales.lastConfig();
    }

    @Test
    void namesAreUniqueWhateverTheirCaseEvenUnderConcurrentCreates() throws Exception {
        String name = "Same name " + System.nanoTime();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<String>> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String spelled = i % 2 == 0 ? name : name.toUpperCase(java.util.Locale.ROOT) + " ";
            outcomes.add(pool.submit(() -> {
                try {
                    connections.create(new ConnectionDraft(spelled, "cds", config(FakeConnectorFactory.GOOD_SECRET)), ADMIN);
                    return "created";
                } catch (ConflictException e) {
                    return "conflict";
                }
            }));
        }
        Map<String, Long> counted = new java.util.TreeMap<>();
        for (java.util.concurrent.Future<String> f : outcomes) {
            counted.merge(f.get(), 1L, Long::sum);
        }
        pool.shutdown();
        assertEquals(Map.of("created", 1L, "conflict", 49L), counted);

        ConnectionInfo other = connection("Another " + System.nanoTime(), "cds");
        ConflictException renamed = assertThrows(ConflictException.class, () -> connections.update(other.id(),
                new ConnectionDraft(name.toLowerCase(java.util.Locale.ROOT), "cds", config(ConnectionInfo.MASK)), ADMIN));
        assertTrue(renamed.getMessage().contains("exists already"), renamed.getMessage());
    }

    @Test
    void theEgressPolicyRefusesMetadataLinkLocalPrivateAndBadPorts() {
        for (String url : List.of("https://169.254.169.254/", "https://metadata.google.internal/", "https://10.0.0.1/",
                "https://172.16.4.4/", "https://192.168.0.10/", "https://[fe80::1]/", "https://[fd00:ec2::254]/",
                "https://100.100.100.200/", "https://0.0.0.0/", "https://contoso.example.com:99999/",
                "https://contoso.example.com:0/")) {
            assertEquals(1, urlProblems(connections, url).size(), url);
        }
        ConnectionManager strict = new ConnectionManager(database, registry,
                new ConnectionOpener(database, registry, dataDir.resolve("data"), false), audit, clock);
        assertTrue(urlProblems(strict, "https://127.0.0.1/").get(0).contains("loopback"));
        assertTrue(urlProblems(strict, "https://2130706433/").get(0).contains("loopback"), "127.0.0.1 spelled as one number");
        ConnectionManager onPremises = new ConnectionManager(database, registry, new ConnectionOpener(database, registry,
                dataDir.resolve("data"), new UrlPolicy(false, true)), audit, clock);
        assertEquals(List.of(), urlProblems(onPremises, "https://10.0.0.1/"), "private networks when the server allows them");
        assertEquals(1, urlProblems(onPremises, "https://169.254.169.254/").size(), "metadata never");
    }

    @Test
    void lookupsAreRefusedHoweverTheyAreNested() {
        Map<String, String> c = new HashMap<>(config("x"));
        c.put("clientId", "${${lower:j}ndi:ldap://127.0.0.1/a}");
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> connections.create(new ConnectionDraft("Nested lookup", "dynamics-sales", c), ADMIN));
        assertEquals("config.clientId", e.problems().get(0).field());
    }

    @Test
    void aTestThatGetsNoAnswerEndsInItsTime() {
        ConnectionManager quick = new ConnectionManager(database, registry, opener, audit, clock,
                java.time.Duration.ofMillis(300));
        ConnectionInfo c = connection("Black hole", "dynamics-sales");
        sales.hangTests = new java.util.concurrent.CountDownLatch(1);
        try {
            long t0 = System.nanoTime();
            org.ferry.api.connector.TestResult result = quick.test(c.id(), ADMIN);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertFalse(result.ok());
            assertEquals("no answer within 300 ms", result.message());
            assertTrue(millis < 3000, "took " + millis + " ms");
        } finally {
            sales.hangTests.countDown();
            sales.hangTests = null;
        }
    }
}
