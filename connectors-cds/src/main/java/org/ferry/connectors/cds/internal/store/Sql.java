package org.ferry.connectors.cds.internal.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.ferry.store.Dialect;

/**
 * SQL text helpers. Derby compiles each distinct statement text once and caches the plan; an IN list
 * of every possible length would compile anew for nearly every batch, so IN lists are padded to a few
 * fixed sizes by repeating their last value.
 */
public final class Sql {
    /** The longest IN list; batches are at most 500 records. */
    public static final int MAX_IN = 512;

    private Sql() {
    }

    /** @return the padded size for {@code n} values (a power of two, at most {@link #MAX_IN}) */
    public static int bucket(int n) {
        int size = 1;
        while (size < n && size < MAX_IN) {
            size <<= 1;
        }
        return size;
    }

    /** @return {@code (?, ?, …)} with {@code n} markers */
    public static String markers(int n) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "?" : ",?");
        }
        return sb.append(')').toString();
    }

    /** Binds the values from {@code start}, repeating the last one up to {@code size} markers. */
    public static void bindPadded(PreparedStatement ps, int start, List<String> values, int size) throws SQLException {
        for (int i = 0; i < size; i++) {
            ps.setString(start + i, values.get(Math.min(i, values.size() - 1)));
        }
    }

    /**
     * Runs {@code sql}, which ends with {@code IN}, once per chunk of {@code values} with the chunk's padded list
     * of markers appended, binding {@code leading} before the list, and hands every row to {@code row}.
     */
    public static void selectIn(java.sql.Connection c, String sql, List<?> leading, List<?> values, Row row)
            throws SQLException {
        for (List<?> chunk : chunks(values)) {
            int size = bucket(chunk.size());
            try (PreparedStatement ps = c.prepareStatement(sql + markers(size))) {
                int i = 1;
                for (Object value : leading) {
                    ps.setObject(i++, value);
                }
                for (int k = 0; k < size; k++) {
                    ps.setObject(i + k, chunk.get(Math.min(k, chunk.size() - 1)));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        row.accept(rs);
                    }
                }
            }
        }
    }

    /** @return the values split into lists of at most {@link #MAX_IN} */
    public static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < values.size(); i += MAX_IN) {
            chunks.add(values.subList(i, Math.min(values.size(), i + MAX_IN)));
        }
        return chunks;
    }

    /** The environment's one sequence of change numbers. */
    public static final String CHANGE_SEQ = "CDS.CHANGE_SEQ";

    /** @return the expression drawing the next change number */
    public static String nextChange(Dialect dialect) {
        return dialect.nextValue(CHANGE_SEQ);
    }

    /** @return a query of one row and column: the next change number */
    public static String selectNextChange(Dialect dialect) {
        return dialect == Dialect.DERBY ? "VALUES " + nextChange(dialect) : "SELECT " + nextChange(dialect);
    }

    /**
     * @return whether the failure is a lock conflict, a key race or a lost connection (PostgreSQL restarting) that a
     *         fresh attempt may not meet
     */
    public static boolean isTransient(SQLException e) {
        if (Dialect.isRetryable(e) || Dialect.isConnectionLost(e)) {
            return true;
        }
        for (SQLException s = e; s != null; s = s.getNextException()) {
            String state = s.getSQLState();
            if ("40001".equals(state) || "40XL1".equals(state) || "40XL2".equals(state) || "23505".equals(state)
                    || "X0Y84".equals(state)) {
                return true;
            }
            if (s.getCause() instanceof SQLException c && c != s && isTransient(c)) {
                return true;
            }
        }
        return false;
    }

    /** @return whether the failure is a unique key's violation: a concurrent writer inserted the same key first */
    public static boolean isKeyRace(SQLException e) {
        for (SQLException s = e; s != null; s = s.getNextException()) {
            if ("23505".equals(s.getSQLState()) || s.getCause() instanceof SQLException c && c != s && isKeyRace(c)) {
                return true;
            }
        }
        return false;
    }

    /** @return the first useful message of a chain of SQL exceptions */
    public static String message(SQLException e) {
        SQLException last = e;
        for (SQLException s = e.getNextException(); s != null; s = s.getNextException()) {
            last = s;
        }
        return last.getMessage() == null ? e.toString() : last.getMessage();
    }

    /** Takes one row of a result. */
    @FunctionalInterface
    public interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    /** Work done with one JDBC connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(java.sql.Connection connection) throws SQLException;
    }
}
