package org.ferry.runtime.internal.connections;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.ferry.api.connector.ConnectionAction;
import org.ferry.api.connector.ConnectorFactory;
import org.ferry.api.connector.EntityInfo;
import org.ferry.api.connector.TestResult;
import org.ferry.api.data.EntitySchema;
import org.ferry.api.organization.OrganizationUnit;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.connections.ConfigChecker.Checked;
import org.ferry.runtime.internal.connections.ConnectionStore.Stored;
import org.ferry.runtime.internal.keymap.KeyMapStore;
import org.ferry.runtime.internal.plugins.ExtensionRegistry;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.RememberedReads;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionDraft;
import org.ferry.runtime.management.ConnectionInfo;
import org.ferry.runtime.management.ConnectionService;
import org.ferry.runtime.management.NotFoundException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Connections: stored configurations of a connector type. Secret fields are sealed into
 * {@code connection_secrets} and never appear in the {@code config} column, in responses (they read as
 * {@link ConnectionInfo#MASK}), in audit details or in logs. Thread-safe: changes are serialised by a
 * lock (they are rare admin actions), reads go straight to the store.
 */
@Component(service = {ConnectionService.class, ConnectionManager.class})
public class ConnectionManager implements ConnectionService {
    static final Duration TEST_TIMEOUT = Duration.ofSeconds(8);

    private final Database database;
    private final ExtensionRegistry registry;
    private final ConnectionOpener opener;
    private final AuditTrail audit;
    private final Clock clock;
    private final ConnectionStore store = new ConnectionStore();
    private final EntityCache cache;
    private final ConfigChecker checker;
    private final Object writes = new Object();
    /** "Test connection" waits this long for the system to answer, then says so. */
    private final ConnectionTester tester;

    @Activate
    public ConnectionManager(@Reference Database database, @Reference ExtensionRegistry registry,
                             @Reference ConnectionOpener opener, @Reference AuditTrail audit) {
        this(database, registry, opener, audit, Clock.systemUTC());
    }

    public ConnectionManager(Database database, ExtensionRegistry registry, ConnectionOpener opener, AuditTrail audit,
                             Clock clock) {
        this(database, registry, opener, audit, clock, TEST_TIMEOUT);
    }

    public ConnectionManager(Database database, ExtensionRegistry registry, ConnectionOpener opener, AuditTrail audit,
                             Clock clock, Duration testTimeout) {
        this.database = database;
        this.registry = registry;
        this.opener = opener;
        this.audit = audit;
        this.clock = clock;
        this.cache = new EntityCache(database);
        this.checker = new ConfigChecker(opener.urlPolicy());
        this.tester = new ConnectionTester(testTimeout, opener, registry, checker, audit);
    }

    @Override
    public List<ConnectionInfo> list() {
        return remembered().get("all", () -> List.copyOf(Jdbc.read(database, store::all))).stream().map(this::info).toList();
    }

    @Override
    public Optional<ConnectionInfo> get(String id) {
        return find(id).map(this::info);
    }

    @Override
    public ConnectionInfo create(ConnectionDraft draft, Actor actor) {
        Problems problems = new Problems();
        String name = draft.name();
        problems.name("name", name);
        if (draft.type() == null || draft.type().isBlank()) {
            problems.add("type", "is required");
            throwAll(problems, draft.name(), null);
        }
        Optional<ConnectorFactory> factory = registry.connectorFactory(draft.type());
        if (factory.isEmpty()) {
            problems.add("type", ConnectionOpener.notDeployed(draft.type()));
            throwAll(problems, draft.name(), null);
        }
        Checked checked = checker.check(factory.get(), draft.config(), Set.of(), field -> null, problems);
        throwAll(problems, draft.name(), null);
        String id = UUID.randomUUID().toString();
        Instant now = now();
        synchronized (writes) {
            Jdbc.inTransaction(database, Jdbc.uniqueName(ConnectionStore.UNIQUE_NAME, "connection", name, c -> {
                store.insert(c, id, name.strip(), draft.type(), checked.plain(), now);
                for (Map.Entry<String, String> s : checked.newSecrets().entrySet()) {
                    store.putSecret(c, id, s.getKey(), database.secrets().seal(s.getValue()));
                }
                audit.record(c, actor, "connection.create", subject(id), "name=" + name.strip() + ", type="
                        + draft.type() + ", fields=" + fieldNames(checked));
                return null;
            }));
            remembered().changed();
        }
        return get(id).orElseThrow();
    }

    @Override
    public ConnectionInfo update(String id, ConnectionDraft draft, Actor actor) {
        synchronized (writes) {
            Stored stored = require(id);
            Problems problems = new Problems();
            problems.name("name", draft.name());
            if (draft.type() != null && !draft.type().isBlank() && !draft.type().equals(stored.type())) {
                problems.add("type", "cannot be changed (the connection is of type '" + stored.type()
                        + "'); create a new connection instead");
                throwAll(problems, draft.name(), id);
            }
            Optional<ConnectorFactory> factory = registry.connectorFactory(stored.type());
            if (factory.isEmpty()) {
                problems.add("type", ConnectionOpener.notDeployed(stored.type()));
                throwAll(problems, draft.name(), id);
            }
            Checked checked = checker.check(factory.get(), draft.config(), stored.secrets().keySet(),
                    field -> opener.unseal(field, stored.secrets().get(field)), problems);
            throwAll(problems, draft.name(), id);
            String name = draft.name().strip();
            List<String> changed = changes(stored, name, checked);
            Jdbc.inTransaction(database, Jdbc.uniqueName(ConnectionStore.UNIQUE_NAME, "connection", name, c -> {
                store.update(c, id, name, checked.plain(), now());
                for (Map.Entry<String, String> s : checked.newSecrets().entrySet()) {
                    store.putSecret(c, id, s.getKey(), database.secrets().seal(s.getValue()));
                }
                for (String field : stored.secrets().keySet()) {
                    if (!checked.kept().contains(field) && !checked.newSecrets().containsKey(field)) {
                        store.deleteSecret(c, id, field);
                    }
                }
                // another address or account may expose other entities
                if (changed.stream().anyMatch(f -> f.startsWith("config."))) {
                    EntityCache.clear(c, id);
                }
                audit.record(c, actor, "connection.update", subject(id),
                        changed.isEmpty() ? "no change" : "changed: " + String.join(", ", changed));
                return null;
            }));
            remembered().changed();
        }
        return get(id).orElseThrow();
    }

    @Override
    public void delete(String id, Actor actor) {
        synchronized (writes) {
            Stored stored = require(id);
            try {
                Jdbc.inTransaction(database, Connection.TRANSACTION_SERIALIZABLE, c -> {
                    List<String> sets = store.setsUsing(c, id);
                    if (!sets.isEmpty()) {
                        throw new ConflictException("connection '" + stored.name() + "' is used by connection set"
                                + (sets.size() > 1 ? "s " : " ") + quoted(sets) + "; remove it from "
                                + (sets.size() > 1 ? "them" : "it") + " first");
                    }
                    int maps = KeyMapStore.dropMapsOf(c, id);
                    store.delete(c, id);
                    audit.record(c, actor, "connection.delete", subject(id), "name=" + stored.name()
                            + (maps > 0 ? ", key maps dropped=" + maps : ""));
                    return null;
                });
                remembered().changed();
            } catch (Jdbc.StoreException e) {
                if (Jdbc.isForeignKeyViolation(e.sqlException())) {
                    throw new ConflictException("connection '" + stored.name() + "' is in use by a connection set");
                }
                throw e;
            }
        }
        opener.removeWorkDirectory(opener.workDirectory(id));
    }

    @Override
    public TestResult test(String id, Actor actor) {
        return tester.testStored(require(id), actor);
    }

    @Override
    public TestResult test(ConnectionDraft draft, String existingId, Actor actor) {
        return tester.testDraft(draft, existingId == null ? null : require(existingId), actor);
    }

    @Override
    public List<EntityInfo> entities(String id) {
        require(id);
        Optional<List<EntityInfo>> cached = cache.entities(id);
        if (cached.isPresent()) {
            return cached.get();
        }
        List<EntityInfo> fresh;
        try (org.ferry.api.connector.Connection connection = opener.open(id)) {
            fresh = connection.listEntities().stream().sorted(Comparator.comparing(EntityInfo::name)).toList();
        }
        cache.putEntities(id, fresh, now());
        return fresh;
    }

    @Override
    public EntitySchema entity(String id, String entity) {
        require(id);
        if (entity == null || entity.isBlank() || EntityCache.LIST.equals(entity)) {
            throw new org.ferry.api.error.ConfigurationException("entity", "is required");
        }
        Optional<EntitySchema> cached = cache.schema(id, entity);
        if (cached.isPresent()) {
            return cached.get();
        }
        EntitySchema schema;
        try (org.ferry.api.connector.Connection connection = opener.open(id)) {
            schema = connection.describe(entity);
        }
        cache.putSchema(id, entity, schema, now());
        return schema;
    }

    @Override
    public List<EntityInfo> refreshEntities(String id) {
        require(id);
        cache.clear(id);
        return entities(id);
    }

    @Override
    public List<org.ferry.api.connector.UserBudget> budgets(String id) {
        require(id);
        try (org.ferry.api.connector.Connection connection = opener.open(id)) {
            return List.copyOf(connection.budgets());
        }
    }

    @Override
    public List<OrganizationUnit> organizations(String id) {
        require(id);
        try (org.ferry.api.connector.Connection connection = opener.open(id)) {
            return List.copyOf(connection.organizationUnits());
        }
    }

    @Override
    public List<ConnectionAction> actions(String id) {
        require(id);
        try (org.ferry.api.connector.Connection connection = opener.open(id)) {
            return List.copyOf(connection.actions());
        }
    }

    @Override
    public String perform(String id, String action, Actor actor) {
        Stored stored = require(id);
        if (action == null || action.isBlank()) {
            throw new org.ferry.api.error.ConfigurationException("action", "is required");
        }
        String message;
        try (org.ferry.api.connector.Connection connection = opener.open(id)) {
            message = connection.perform(action);
        } catch (RuntimeException e) {
            audit.record(actor, "connection.perform", subject(id), "name=" + stored.name() + ", action=" + action
                    + ", failed: " + e.getClass().getSimpleName());
            throw e;
        }
        // an action may create or drop entities (the hub's custom entities): forget what was cached
        cache.clear(id);
        audit.record(actor, "connection.perform", subject(id), "name=" + stored.name() + ", action=" + action);
        return message;
    }

    private ConnectionInfo info(Stored s) {
        Map<String, String> config = new LinkedHashMap<>(s.config());
        s.secrets().keySet().forEach(field -> config.put(field, ConnectionInfo.MASK));
        return new ConnectionInfo(s.id(), s.name(), s.type(), Map.copyOf(config),
                registry.connectorFactory(s.type()).isPresent(), s.createdAt(), s.updatedAt());
    }

    private Optional<Stored> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return remembered().get(List.of("find", id), () -> Jdbc.read(database, c -> store.find(c, id)));
    }

    private RememberedReads remembered() {
        return database.remembered("connections");
    }

    /** What a change or a test starts from: read from the store itself, not from what was remembered. */
    private Stored require(String id) {
        return Jdbc.read(database, c -> store.find(c, id)).orElseThrow(() -> new NotFoundException("connection '" + id + "'"));
    }

    /** @return the names of what changed, never values; a secret counts as changed whenever one was sent */
    private static List<String> changes(Stored stored, String name, Checked checked) {
        List<String> changed = new ArrayList<>();
        if (!stored.name().equals(name)) {
            changed.add("name");
        }
        Set<String> keys = new TreeSet<>(stored.config().keySet());
        keys.addAll(checked.plain().keySet());
        for (String k : keys) {
            if (!Objects.equals(stored.config().get(k), checked.plain().get(k))) {
                changed.add("config." + k);
            }
        }
        for (String k : new TreeSet<>(stored.secrets().keySet())) {
            if (!checked.kept().contains(k) && !checked.newSecrets().containsKey(k)) {
                changed.add("config." + k + " (secret removed)");
            }
        }
        checked.newSecrets().keySet().forEach(k -> changed.add("config." + k + " (secret)"));
        return changed;
    }

    private static String fieldNames(Checked checked) {
        Set<String> names = new TreeSet<>(checked.plain().keySet());
        names.addAll(checked.newSecrets().keySet());
        return String.join(" ", names);
    }

    @Deactivate
    void stop() {
        tester.stop();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * Refuses a form with problems, naming among them a name another connection has: every problem in one answer. A
     * taken name alone is left to the store's constraint (409), which decides under concurrent creates too.
     */
    private void throwAll(Problems problems, String name, String exceptId) {
        if (!problems.list().isEmpty() && Jdbc.nameTaken(database, "connections", name, exceptId)) {
            problems.add("name", "another connection is named '" + name.strip() + "' (names are compared without regard"
                    + " to case)");
        }
        problems.throwIfAny();
    }

    static String subject(String id) {
        return "connection:" + id;
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
