package org.ferry.runtime.internal.connectionsets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.ferry.api.organization.OrganizationMapping;
import org.ferry.runtime.internal.audit.AuditTrail;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreJson;
import org.ferry.runtime.internal.validation.Problems;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.ConnectionSetInfo;
import org.ferry.runtime.management.ConnectionSetService;
import org.ferry.runtime.management.NotFoundException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Connection sets: connections by role (rows of {@code connection_set_members}, so the database itself
 * keeps a used connection from being deleted), named organization mappings and integration keys (the
 * JSON body). Thread-safe: changes are serialised, reads go straight to the store.
 */
@Component(service = {ConnectionSetService.class, ConnectionSetManager.class})
public class ConnectionSetManager implements ConnectionSetService {
    /** The constraint that keeps set names unique whatever their case ({@code name_key}). */
    static final String UNIQUE_NAME = "connection_sets_name_key";
    private final Database database;
    private final AuditTrail audit;
    private final Clock clock;
    private final Object writes = new Object();
    /** To check what a set names against the systems; absent in tests of the store alone. */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC)
    private volatile org.ferry.runtime.management.ConnectionService connections;

    /** What the {@code body} column holds. */
    record Body(List<OrganizationMapping> organizationMappings, Map<String, Map<String, List<String>>> integrationKeys) {
    }

    @Activate
    public ConnectionSetManager(@Reference Database database, @Reference AuditTrail audit) {
        this(database, audit, Clock.systemUTC());
    }

    public ConnectionSetManager(Database database, AuditTrail audit, Clock clock) {
        this.database = database;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public List<ConnectionSetInfo> list() {
        return Jdbc.read(database, c -> {
            Map<String, Map<String, String>> members = members(c, null);
            List<ConnectionSetInfo> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, name, body, created_at, updated_at"
                    + " FROM connection_sets ORDER BY created_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row(rs, members.getOrDefault(rs.getString("id"), Map.of())));
                }
            }
            return result;
        });
    }

    @Override
    public Optional<ConnectionSetInfo> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Jdbc.read(database, c -> find(c, id));
    }

    @Override
    public ConnectionSetInfo create(ConnectionSetInfo draft, Actor actor) {
        Problems problems = new Problems();
        ConnectionSetRules.check(draft, problems);
        checkAgainstSystems(draft, problems);
        takenName(draft, null, problems);
        problems.throwIfAny();
        String id = UUID.randomUUID().toString();
        Instant now = now();
        synchronized (writes) {
            Jdbc.inTransaction(database, Jdbc.uniqueName(UNIQUE_NAME, "connection set", draft.name(), c -> {
                requireConnections(c, draft.connections());
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO connection_sets(id, name, body,"
                        + " created_at, updated_at, name_key) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, draft.name().strip());
                    ps.setString(3, body(draft));
                    Jdbc.setInstant(ps, 4, now);
                    Jdbc.setInstant(ps, 5, now);
                    ps.setString(6, Jdbc.nameKey(draft.name()));
                    ps.executeUpdate();
                }
                writeMembers(c, id, draft.connections());
                audit.record(c, actor, "connectionset.create", subject(id), describe(draft));
                return null;
            }));
        }
        return get(id).orElseThrow();
    }

    @Override
    public ConnectionSetInfo update(String id, ConnectionSetInfo draft, Actor actor) {
        Problems problems = new Problems();
        ConnectionSetRules.check(draft, problems);
        synchronized (writes) {
            ConnectionSetInfo current = get(id).orElseThrow(() -> notFound(id));
            checkAgainstSystems(draft, problems);
            takenName(draft, id, problems);
            problems.throwIfAny();
            Jdbc.inTransaction(database, Connection.TRANSACTION_SERIALIZABLE, Jdbc.uniqueName(UNIQUE_NAME,
                    "connection set", draft.name(), c -> {
                requireConnections(c, draft.connections());
                refuseDroppingUsedMappings(c, id, draft);
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE connection_sets SET name = ?, body = ?, updated_at = ?, name_key = ? WHERE id = ?")) {
                    ps.setString(1, draft.name().strip());
                    ps.setString(2, body(draft));
                    Jdbc.setInstant(ps, 3, now());
                    ps.setString(4, Jdbc.nameKey(draft.name()));
                    ps.setString(5, id);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM connection_set_members WHERE set_id = ?")) {
                    ps.setString(1, id);
                    ps.executeUpdate();
                }
                writeMembers(c, id, draft.connections());
                audit.record(c, actor, "connectionset.update", subject(id),
                        (current.name().equals(draft.name().strip()) ? "" : "renamed from '" + current.name() + "'; ")
                                + describe(draft));
                return null;
            }));
        }
        return get(id).orElseThrow();
    }

    @Override
    public void delete(String id, Actor actor) {
        synchronized (writes) {
            ConnectionSetInfo current = get(id).orElseThrow(() -> notFound(id));
            try {
                Jdbc.inTransaction(database, Connection.TRANSACTION_SERIALIZABLE, c -> {
                    List<String> projects = projectsUsing(c, id);
                    if (!projects.isEmpty()) {
                        throw new ConflictException("connection set '" + current.name() + "' is used by project"
                                + (projects.size() > 1 ? "s " : " ") + quoted(projects));
                    }
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM connection_sets WHERE id = ?")) {
                        ps.setString(1, id);
                        ps.executeUpdate();
                    }
                    audit.record(c, actor, "connectionset.delete", subject(id), "name=" + current.name());
                    return null;
                });
            } catch (Jdbc.StoreException e) {
                if (Jdbc.isForeignKeyViolation(e.sqlException())) {
                    throw new ConflictException("connection set '" + current.name() + "' is used by a project");
                }
                throw e;
            }
        }
    }

    /** A taken name joins the form's other problems; alone it is left to the store's constraint (409). */
    private void takenName(ConnectionSetInfo draft, String id, Problems problems) {
        if (!problems.list().isEmpty() && draft.name() != null && !draft.name().isBlank() && Jdbc.nameTaken(database, "connection_sets", draft.name(), id)) {
            problems.add("name", "another connection set is named '" + draft.name().strip()
                    + "' (names are compared without regard to case)");
        }
    }

    /**
     * Every problem of the form in one answer: connections that do not exist, and (where the structure allows) key
     * fields and organization units the systems do not have.
     */
    private void checkAgainstSystems(ConnectionSetInfo draft, Problems problems) {
        java.util.Set<String> known = new HashSet<>();
        Jdbc.read(database, c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM connections WHERE id = ?")) {
                for (Map.Entry<String, String> e : new TreeMap<>(draft.connections()).entrySet()) {
                    if (e.getValue() == null || e.getValue().isBlank()) {
                        continue;
                    }
                    ps.setString(1, e.getValue());
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            known.add(e.getKey());
                        } else {
                            problems.add("connections." + e.getKey(), "connection '" + e.getValue() + "' does not exist");
                        }
                    }
                }
            }
            return null;
        });
        org.ferry.runtime.management.ConnectionService systems = connections;
        if (systems != null) {
            new SystemChecks(systems).check(draft, known, problems);
        }
    }

    /** Every connection named must exist; reported per role, as the user entered them. */
    private static void requireConnections(Connection c, Map<String, String> connections) throws SQLException {
        Problems problems = new Problems();
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM connections WHERE id = ?")) {
            for (Map.Entry<String, String> e : new TreeMap<>(connections).entrySet()) {
                ps.setString(1, e.getValue());
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        problems.add("connections." + e.getKey(), "connection '" + e.getValue() + "' does not exist");
                    }
                }
            }
        }
        problems.throwIfAny();
    }

    /** A project names its organization mapping; removing or renaming it would strand the project. */
    private static void refuseDroppingUsedMappings(Connection c, String id, ConnectionSetInfo draft) throws SQLException {
        Set<String> kept = new HashSet<>();
        draft.organizationMappings().forEach(m -> kept.add(m.name().strip()));
        try (PreparedStatement ps = c.prepareStatement("SELECT name, organization_mapping FROM projects"
                + " WHERE connection_set = ? AND organization_mapping IS NOT NULL ORDER BY name")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!kept.contains(rs.getString(2))) {
                        throw new ConflictException("organization mapping '" + rs.getString(2) + "' is used by project '"
                                + rs.getString(1) + "'; switch the project to another mapping first");
                    }
                }
            }
        }
    }

    private static List<String> projectsUsing(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM projects WHERE connection_set = ? ORDER BY name")) {
            ps.setString(1, id);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        }
    }

    private static void writeMembers(Connection c, String id, Map<String, String> connections) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO connection_set_members(set_id, role, connection_id) VALUES (?, ?, ?)")) {
            for (Map.Entry<String, String> e : connections.entrySet()) {
                ps.setString(1, id);
                ps.setString(2, e.getKey());
                ps.setString(3, e.getValue());
                ps.executeUpdate();
            }
        }
    }

    private static Optional<ConnectionSetInfo> find(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id, name, body, created_at, updated_at FROM connection_sets WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs, members(c, id).getOrDefault(id, Map.of()))) : Optional.empty();
            }
        }
    }

    /** @return set id to role to connection id, of one set or (with {@code null}) of all */
    private static Map<String, Map<String, String>> members(Connection c, String setId) throws SQLException {
        Map<String, Map<String, String>> result = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT set_id, role, connection_id FROM connection_set_members"
                + (setId == null ? "" : " WHERE set_id = ?"))) {
            if (setId != null) {
                ps.setString(1, setId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        return result;
    }

    private static ConnectionSetInfo row(ResultSet rs, Map<String, String> connections) throws SQLException {
        Body body = StoreJson.read(rs.getString("body"), Body.class);
        return new ConnectionSetInfo(rs.getString("id"), rs.getString("name"), connections,
                body.organizationMappings(), body.integrationKeys(), Jdbc.instant(rs, "created_at"),
                Jdbc.instant(rs, "updated_at"));
    }

    private static String body(ConnectionSetInfo draft) {
        List<OrganizationMapping> mappings = draft.organizationMappings().stream()
                .map(m -> new OrganizationMapping(m.name().strip(), new TreeMap<>(m.units()))).toList();
        Map<String, Map<String, List<String>>> keys = new TreeMap<>();
        draft.integrationKeys().forEach((role, entities) -> keys.put(role, new TreeMap<>(entities)));
        return StoreJson.write(new Body(mappings, keys));
    }

    private static String describe(ConnectionSetInfo draft) {
        return "name=" + draft.name().strip() + ", connections=" + new TreeMap<>(draft.connections())
                + ", organizationMappings=" + draft.organizationMappings().stream().map(OrganizationMapping::name).toList();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("connection set '" + id + "'");
    }

    static String subject(String id) {
        return "connectionset:" + id;
    }

    private static String quoted(List<String> names) {
        return String.join(", ", names.stream().map(n -> "'" + n + "'").toList());
    }
}
