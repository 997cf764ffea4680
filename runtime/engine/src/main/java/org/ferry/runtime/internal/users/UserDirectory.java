package org.ferry.runtime.internal.users;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.ferry.api.error.ConfigurationException;
import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.management.Actor;
import org.ferry.runtime.management.AuditLog;
import org.ferry.runtime.management.ConflictException;
import org.ferry.runtime.management.NotFoundException;
import org.ferry.runtime.management.UserInfo;
import org.ferry.runtime.management.UserService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * The users of the admin API over the {@code users} table: PBKDF2 hashes, a password policy, three
 * roles, and always at least one admin. Changes are written to the audit log when one is there (it is
 * optional so that logging in never depends on the audit store being up).
 *
 * <p>Writes are serialized by this object's monitor: the "last admin" rule reads then writes, and one
 * server process owns the database, so a lock here is enough.
 *
 * <p>Immediate, so the first admin's password is hashed on the store's start thread as soon as the store is there,
 * while Jersey starts on the other core, instead of when the admin API first asks for a user.
 */
@Component(service = UserService.class, immediate = true)
public class UserDirectory implements UserService {
    private final Database database;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final java.util.Map<String, Known> known = new java.util.concurrent.ConcurrentHashMap<>();
    /** How long a user read from a shared store is believed: another node may change it, which this one never hears. */
    static final long SHARED_STORE_TRUST_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(2);
    /** Counts writes, so a read that raced a write does not put what it read in {@link #known}. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile AuditLog audit;

    @Activate
    public UserDirectory(@Reference Database database, @Reference FirstAdminSeed seed, BundleContext context) {
        this(database, PasswordHasher.DEFAULT_ITERATIONS, Clock.systemUTC());
        InitialAdmin.ensure(this, InitialAdmin.Sources.of(context), seed.prepared());
    }

    UserDirectory(Database database, int iterations, Clock clock) {
        this.database = database;
        this.hasher = new PasswordHasher(iterations);
        this.clock = clock;
    }

    void setAudit(AuditLog audit) {
        this.audit = audit;
    }

    @Override
    public List<UserInfo> list() {
        return query("SELECT username, role, created_at, updated_at FROM users ORDER BY username", null);
    }

    /**
     * Every request with a bearer token asks for its user's current role: answered from memory. Only this object
     * writes the users table (one server process owns the database), and every write forgets the user it changed,
     * so a demotion or a deletion still takes effect at the next request. Unknown names are not remembered. On a store
     * the nodes of a cluster share, another node may change a user: a user read from it is believed for two seconds.
     */
    @Override
    public Optional<UserInfo> get(String username) {
        if (username == null) {
            return Optional.empty();
        }
        Known cached = known.get(username);
        if (cached != null && (!database.shared() || System.nanoTime() - cached.readAt() < SHARED_STORE_TRUST_NANOS)) {
            return Optional.of(cached.user());
        }
        long generation = writes.get();
        Optional<UserInfo> user = query("SELECT username, role, created_at, updated_at FROM users WHERE username = ?",
                username).stream().findFirst();
        // a write between the read and here may have changed the user: then the next request reads again
        user.ifPresent(u -> {
            if (writes.get() == generation) {
                known.put(username, new Known(u, System.nanoTime()));
            }
        });
        return user;
    }

    /** A user as read from the store, and when. */
    private record Known(UserInfo user, long readAt) {
    }

    /** Forgets a user before and after its row changes, so no request sees an older role than the database. */
    private void changed(String username) {
        writes.incrementAndGet();
        known.remove(username);
    }

    @Override
    public synchronized UserInfo create(String username, String password, String role, Actor actor) {
        return create(username, password, null, role, actor);
    }

    /** @param hash the password's hash when it was made ahead, else {@code null} */
    private UserInfo create(String username, String password, String hash, String role, Actor actor) {
        UserRules.checkNew(username, password, role);
        if (get(username).isPresent() || existsIgnoringCase(username)) {
            throw new ConflictException("a user named '" + username + "' exists already (names are compared without"
                    + " regard to case)");
        }
        Instant now = now();
        changed(username);
        update("INSERT INTO users(username, password_hash, role, created_at, updated_at) VALUES (?, ?, ?, ?, ?)",
                username, hash != null ? hash : hasher.hash(password), role, Timestamp.from(now), Timestamp.from(now));
        changed(username);
        record(actor, "user.create", username, "role " + role);
        return new UserInfo(username, role, now, now);
    }

    @Override
    public synchronized UserInfo update(String username, String password, String role, Actor actor) {
        UserInfo current = get(username).orElseThrow(() -> new NotFoundException("user '" + username + "'"));
        UserRules.checkChange(username, password, role);
        if (role != null && !role.equals(current.role()) && "admin".equals(current.role()) && admins() <= 1) {
            throw new ConflictException("'" + username + "' is the last admin; make another user admin first");
        }
        Instant now = now();
        String newRole = role == null ? current.role() : role;
        changed(username);
        if (password != null) {
            update("UPDATE users SET password_hash = ?, role = ?, updated_at = ? WHERE username = ?",
                    hasher.hash(password), newRole, Timestamp.from(now), username);
        } else {
            update("UPDATE users SET role = ?, updated_at = ? WHERE username = ?", newRole, Timestamp.from(now), username);
        }
        changed(username);
        List<String> changes = new ArrayList<>();
        if (!newRole.equals(current.role())) {
            changes.add("role " + current.role() + " -> " + newRole);
        }
        if (password != null) {
            changes.add("password changed");
        }
        record(actor, "user.update", username, changes.isEmpty() ? "no change" : String.join(", ", changes));
        return new UserInfo(username, newRole, current.createdAt(), now);
    }

    @Override
    public synchronized void delete(String username, Actor actor) {
        UserInfo current = get(username).orElseThrow(() -> new NotFoundException("user '" + username + "'"));
        if ("admin".equals(current.role()) && admins() <= 1) {
            throw new ConflictException("'" + username + "' is the last admin and cannot be deleted");
        }
        changed(username);
        update("DELETE FROM users WHERE username = ?", username);
        changed(username);
        record(actor, "user.delete", username, null);
    }

    @Override
    public Optional<UserInfo> authenticate(String username, String password) {
        if (username == null || password == null || password.length() > UserRules.MAX_PASSWORD) {
            hasher.verifyDecoy("");
            return Optional.empty();
        }
        String stored = passwordHash(username);
        if (stored == null) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        return hasher.verify(password, stored) ? get(username) : Optional.empty();
    }

    /**
     * Creates the first admin directly: the actor is the server, and the rules for new users still apply. The nodes
     * of a new cluster start together: of those that find no user, one creates the admin and the others find it
     * created (the key decides) and leave it.
     *
     * @param hash the password's hash when it was made ahead ({@link FirstAdminSeed}), else {@code null}
     */
    synchronized boolean createFirstAdmin(String password, String hash) {
        if (count() > 0) {
            return false;
        }
        try {
            create("admin", password, hash, "admin", Actor.SYSTEM);
            return true;
        } catch (RuntimeException e) {
            if (count() > 0) {
                return false;
            }
            throw e;
        }
    }

    int count() {
        return intQuery("SELECT COUNT(*) FROM users");
    }

    private int admins() {
        return intQuery("SELECT COUNT(*) FROM users WHERE role = 'admin'");
    }

    private boolean existsIgnoringCase(String username) {
        // "Admin" next to "admin" invites confusion in the audit log and the throttle; refuse it
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT 1 FROM users WHERE LOWER(username) = ?")) {
            ps.setString(1, username.toLowerCase(java.util.Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read users: " + e.getMessage(), e);
        }
    }

    private String passwordHash(String username) {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM users WHERE username = ?")) {
            ps.setString(1, username);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read users: " + e.getMessage(), e);
        }
    }

    private List<UserInfo> query(String sql, String parameter) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (parameter != null) {
                ps.setString(1, parameter);
            }
            List<UserInfo> users = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(new UserInfo(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            rs.getTimestamp(4).toInstant()));
                }
            }
            return users;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read users: " + e.getMessage(), e);
        }
    }

    private int intQuery(String sql) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException("could not read users: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Object... parameters) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not change users: " + e.getMessage(), e);
        }
    }

    private void record(Actor actor, String action, String username, String detail) {
        AuditLog log = audit;
        if (log != null) {
            log.record(actor, action, "user:" + username, detail);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
