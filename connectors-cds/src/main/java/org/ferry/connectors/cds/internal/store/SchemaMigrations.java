package org.ferry.connectors.cds.internal.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.ferry.store.Dialect;

import org.ferry.api.data.FieldSchema;
import org.ferry.connectors.cds.internal.schema.BuiltInCatalogue;
import org.ferry.connectors.cds.internal.schema.Catalogue;
import org.ferry.connectors.cds.internal.schema.BuiltInEntity;
import org.ferry.connectors.cds.internal.schema.EntityDefinition;

/**
 * Brings an environment's database to the current schema version, one version per transaction, recording
 * each in {@code CDS.SCHEMA_VERSION}. Version 1 creates the hub's own tables; version 2 indexes every entity
 * table's hub ids (writes by id); for every version, built-in entities and fields declared with that version
 * are created or added, so a database made by an older release gains exactly what is new. Statements are written
 * in Derby's spelling; {@link Dialect#ddl} adapts them for PostgreSQL, where the nodes of a cluster may open an
 * environment together: there the migration holds a lock in the database, and one node migrates.
 */
final class SchemaMigrations {
    /** The version that added the hub id indexes. */
    static final int ID_INDEXES = 2;
    static final int CURRENT = Math.max(ID_INDEXES, BuiltInCatalogue.VERSION);

    private static final List<String> INTERNAL_V1 = List.of(
            "CREATE TABLE CDS.ENVIRONMENT (INSTANCE_ID VARCHAR(36) NOT NULL, CREATED_ON TIMESTAMP NOT NULL)",
            // One sequence for the whole environment: every change gets a number larger than all before it.
            // Derby hands out sequence values from preallocated ranges; refilling a range takes a lock on the
            // catalogue that concurrent writers then contend for (X0Y84), so ranges are large. Gaps are harmless:
            // change numbers only need to grow.
            "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.language.sequence.preallocator', '5000')",
            "CREATE SEQUENCE CDS.CHANGE_SEQ AS BIGINT START WITH 1",
            "CREATE TABLE CDS.DELETED (ID BIGINT GENERATED ALWAYS AS IDENTITY, ENTITY VARCHAR(100) NOT NULL, "
                    + "ORG VARCHAR(40) NOT NULL, KEY_TEXT VARCHAR(" + EntityDefinition.MAX_KEY_TEXT + ") NOT NULL, "
                    + "SOURCE_ID BIGINT, SEQ BIGINT NOT NULL, DELETED_ON TIMESTAMP NOT NULL)",
            "CREATE INDEX CDS.DELETED_SEQ ON CDS.DELETED (ENTITY, ORG, SEQ)",
            "CREATE INDEX CDS.DELETED_KEY ON CDS.DELETED (KEY_TEXT, ENTITY, ORG)",
            "CREATE TABLE CDS.CUSTOM_ENTITY (ORDINAL INT GENERATED ALWAYS AS IDENTITY, NAME VARCHAR(64) NOT NULL "
                    + "PRIMARY KEY, LABEL VARCHAR(400), BUSINESS_KEY VARCHAR(2000) NOT NULL, "
                    + "ORGANIZATION_FIELD VARCHAR(100), CREATED_ON TIMESTAMP NOT NULL)",
            "CREATE TABLE CDS.CUSTOM_FIELD (ENTITY VARCHAR(64) NOT NULL, POSITION INT NOT NULL, "
                    + "NAME VARCHAR(100) NOT NULL, LABEL VARCHAR(400), TYPE VARCHAR(20) NOT NULL, MAX_LENGTH INT, "
                    + "SCALE INT, REQUIRED BOOLEAN NOT NULL, READ_ONLY BOOLEAN NOT NULL, LOOKUP VARCHAR(100), "
                    + "PRIMARY KEY (ENTITY, POSITION))");

    private SchemaMigrations() {
    }

    /** The advisory lock held while migrating (PostgreSQL). */
    private static final long LOCK = 0x6364736dL;

    static int migrate(Connection c, Catalogue builtIn) throws SQLException {
        return migrate(c, builtIn, Dialect.DERBY);
    }

    /** @return the schema version the database was at before */
    static int migrate(Connection c, Catalogue builtIn, Dialect dialect) throws SQLException {
        dialect.lockExclusively(c, LOCK);
        try {
            return migrateLocked(c, builtIn, dialect);
        } finally {
            dialect.unlockExclusively(c, LOCK);
            c.commit();
        }
    }

    private static int migrateLocked(Connection c, Catalogue builtIn, Dialect dialect) throws SQLException {
        int from = currentVersion(c, dialect);
        if (from > CURRENT) {
            throw new SQLException("the environment was written by a newer Ferry (schema version " + from
                    + ", this release knows " + CURRENT + ")");
        }
        for (int v = from + 1; v <= CURRENT; v++) {
            try (Statement s = c.createStatement()) {
                if (v == 1) {
                    for (String ddl : INTERNAL_V1) {
                        execute(s, dialect, ddl);
                    }
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO CDS.ENVIRONMENT VALUES (?, ?)")) {
                        ps.setString(1, UUID.randomUUID().toString());
                        ValueCodec.bindInstant(ps, 2, Instant.now());
                        ps.executeUpdate();
                    }
                }
                applyBuiltIns(s, dialect, builtIn, v);
                if (v == ID_INDEXES && dialect == Dialect.DERBY) { // a PostgreSQL database starts at a later version
                    indexIds(c, s);
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO CDS.SCHEMA_VERSION VALUES (?, ?, ?)")) {
                    ps.setInt(1, v);
                    ps.setString(2, v == 1 ? "hub tables and the CDS 1.0 entities"
                            : v == ID_INDEXES ? "indexes on hub ids, for writes by id"
                            : "built-in entities of version " + v);
                    ValueCodec.bindInstant(ps, 3, Instant.now());
                    ps.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
        return from;
    }

    /** Runs a statement written in Derby's spelling, as the database spells it. */
    static void execute(Statement s, Dialect dialect, String ddl) throws SQLException {
        String adapted = dialect.ddl(ddl);
        if (adapted != null) {
            s.execute(adapted);
        }
    }

    private static void applyBuiltIns(Statement s, Dialect dialect, Catalogue builtIn, int version) throws SQLException {
        for (BuiltInEntity e : BuiltInCatalogue.entities()) {
            EntityDefinition def = builtIn.get(e.schema().name());
            if (e.since() == version) {
                for (String ddl : TableDdl.create(def, f -> e.fieldSince().get(f.name()) <= version)) {
                    execute(s, dialect, ddl);
                }
            } else if (e.since() < version) {
                for (FieldSchema f : def.fields()) {
                    if (e.fieldSince().get(f.name()) == version) {
                        execute(s, dialect, TableDdl.addColumn(def, f));
                    }
                }
            }
        }
    }

    /**
     * Indexes the hub ids of the entity tables that lack it: those of built-in and custom entities made before
     * version 2 (tables created since get it with the table).
     */
    private static void indexIds(Connection c, Statement s) throws SQLException {
        Set<String> indexes = new HashSet<>(names(c, "SELECT g.CONGLOMERATENAME FROM SYS.SYSCONGLOMERATES g "
                + "JOIN SYS.SYSSCHEMAS s ON g.SCHEMAID = s.SCHEMAID WHERE s.SCHEMANAME = ? AND g.ISINDEX"));
        for (String table : names(c, "SELECT t.TABLENAME FROM SYS.SYSTABLES t JOIN SYS.SYSSCHEMAS s "
                + "ON t.SCHEMAID = s.SCHEMAID WHERE s.SCHEMANAME = ? AND t.TABLETYPE = 'T'")) {
            if (!indexes.contains(TableDdl.ID_INDEX + table)) {
                s.execute(TableDdl.idIndex(table));
            }
        }
    }

    /** @return the names a catalogue query lists for the entity tables' schema */
    private static List<String> names(Connection c, String sql) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, EntityDefinition.TABLE_SCHEMA);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static int currentVersion(Connection c, Dialect dialect) throws SQLException {
        if (!Dialect.tableExists(c, "CDS", "SCHEMA_VERSION")) {
            try (Statement s = c.createStatement()) {
                if (dialect != Dialect.DERBY) {
                    // Derby makes a schema with its first table; PostgreSQL needs it made
                    s.execute("CREATE SCHEMA IF NOT EXISTS CDS");
                    s.execute("CREATE SCHEMA IF NOT EXISTS \"" + EntityDefinition.TABLE_SCHEMA + "\"");
                }
                execute(s, dialect, "CREATE TABLE CDS.SCHEMA_VERSION (VERSION INT NOT NULL PRIMARY KEY, "
                        + "DESCRIPTION VARCHAR(200), APPLIED_ON TIMESTAMP NOT NULL)");
            }
            c.commit();
            return 0;
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT MAX(VERSION) FROM CDS.SCHEMA_VERSION")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
