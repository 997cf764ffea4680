package org.ferry.sandbox.internal.data;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Makes a change set atomic: while a log is open on the current thread, every table write records
 * the row it replaced; {@link #rollback()} puts those rows back. Restoring writes new versions, so
 * a delta reader that saw the rolled-back state learns that it changed again.
 */
public final class UndoLog {
    private static final ThreadLocal<UndoLog> CURRENT = new ThreadLocal<>();

    private record Undo(EntityTable table, String id, Row previous) {
    }

    private final Deque<Undo> undos = new ArrayDeque<>();

    private UndoLog() {
    }

    public static UndoLog open() {
        UndoLog log = new UndoLog();
        CURRENT.set(log);
        return log;
    }

    static void record(EntityTable table, String id, Row previous) {
        UndoLog log = CURRENT.get();
        if (log != null) {
            log.undos.push(new Undo(table, id, previous));
        }
    }

    /** Stops recording; the writes stay. */
    public void commit() {
        CURRENT.remove();
        undos.clear();
    }

    /** Reverts every recorded write, newest first, and stops recording. */
    public void rollback() {
        CURRENT.remove();
        while (!undos.isEmpty()) {
            Undo u = undos.pop();
            if (u.previous() == null) {
                u.table().delete(u.id());
            } else {
                u.table().put(u.id(), u.previous().copyValues());
            }
        }
    }
}
