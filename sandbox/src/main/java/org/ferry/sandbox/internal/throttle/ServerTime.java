package org.ferry.sandbox.internal.throttle;

import org.ferry.sandbox.ServerCosts;

/**
 * The server execution time of the request this thread is running, added up as the services do their work (each
 * write, each row read, each part of a {@code $batch}, each record of a bulk message): the time Dataverse's
 * execution-time limit counts, and the time the request takes before it is answered. A request runs on one thread,
 * its batch parts and bulk records included, so a thread-bound tally reaches them without threading it through
 * every service's code.
 */
public final class ServerTime {
    /** Which service's costs apply. */
    public enum Service { SALES, OPERATIONS }

    private static final ThreadLocal<ServerTime> CURRENT = new ThreadLocal<>();

    private final ServerCosts costs;
    private final Service service;
    private double millis;
    private boolean bulk;
    private boolean bypassCustomLogic;

    private ServerTime(ServerCosts costs, Service service) {
        this.costs = costs;
        this.service = service;
    }

    /** Starts the tally of one request; {@link #end()} returns it. */
    public static void begin(ServerCosts costs, Service service) {
        ServerTime t = new ServerTime(costs, service);
        t.millis = costs.scale() * costs.requestMs();
        CURRENT.set(t);
    }

    /** @return the request's server time in milliseconds, and stops the tally */
    public static double end() {
        ServerTime t = CURRENT.get();
        CURRENT.remove();
        return t == null ? 0 : t.millis;
    }

    /** One record created, updated or deleted: its own request or batch part, or one record of a bulk message. */
    public static void write() {
        ServerTime t = CURRENT.get();
        if (t == null) {
            return;
        }
        ServerCosts c = t.costs;
        if (t.service == Service.OPERATIONS) {
            t.millis += c.scale() * c.operationsWriteMs();
            return;
        }
        t.millis += c.scale() * ((t.bulk ? c.bulkRecordMs() : c.writeMs()) + (t.bypassCustomLogic ? 0 : c.customLogicMs()));
    }

    /** Rows a read returned. */
    public static void rows(int n) {
        ServerTime t = CURRENT.get();
        if (t != null && t.service == Service.SALES) {
            t.millis += t.costs.scale() * t.costs.readRowMs() * n;
        }
    }

    /** Any other server time, such as a package import's. */
    public static void add(double ms) {
        ServerTime t = CURRENT.get();
        if (t != null) {
            t.millis += ms;
        }
    }

    /** The writes that follow are records of a bulk message (their own, cheaper cost). */
    public static void bulk(boolean on) {
        ServerTime t = CURRENT.get();
        if (t != null) {
            t.bulk = on;
        }
    }

    /** The request bypasses synchronous custom business logic. */
    public static void bypassCustomLogic() {
        ServerTime t = CURRENT.get();
        if (t != null) {
            t.bypassCustomLogic = true;
        }
    }
}
