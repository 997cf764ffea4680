package org.ferry.runtime.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Makes sure every process that opens the store seals secrets with the same key. The first one stores a known
 * value sealed with its key; every later one must open it. Without this, a node started with another key (a
 * fresh {@code conf/secret.key} on a new machine) would seal secrets no other node can read, and fail to read
 * theirs, one connection at a time.
 */
final class StoreKey {
    private static final String NAME = "secret-key-check";
    private static final String PLAIN = "ferry store key check";

    private StoreKey() {
    }

    static void check(Connection c, SecretBox secrets) throws SQLException {
        String sealed = read(c);
        if (sealed == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO store_meta(name, value) VALUES (?, ?)")) {
                ps.setString(1, NAME);
                ps.setString(2, secrets.seal(PLAIN));
                ps.executeUpdate();
                return;
            } catch (SQLException e) {
                if (!Jdbc.isIntegrityViolation(e)) {
                    throw e;
                }
                sealed = read(c); // another node stored its check first: this key must open it
            }
        }
        boolean same;
        try {
            same = PLAIN.equals(secrets.open(sealed));
        } catch (IllegalStateException e) {
            same = false;
        }
        if (!same) {
            throw new IllegalStateException("the store's secrets were sealed with another secret key than this node's"
                    + " (" + SecretBox.KEY_ENV + " or conf/secret.key): every node of a store needs the same key; copy it"
                    + " from a node that runs");
        }
    }

    private static String read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT value FROM store_meta WHERE name = ?")) {
            ps.setString(1, NAME);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
