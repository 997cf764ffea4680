package org.ferry.store;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Connection pools (HikariCP) over a driver's own {@link DataSource}, for both kinds of store.
 *
 * <p>The engine opens a connection for each unit of work. With PostgreSQL that is a TCP connection and an
 * authentication. With embedded Derby it is cheaper but not cheap: a new embedded connection sets up its language
 * context and compiles its statements afresh, which was the largest cost of an admin API read while a run was going
 * (a third of the request's CPU in the profile), so Derby's connections are pooled too.
 */
public final class Pools {
    /** How long a borrower waits for a connection: a restart of a store's server takes seconds. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private Pools() {
    }

    /**
     * @param connections the driver's data source the pool opens its connections from
     * @param name        the pool's name (its threads and log lines)
     * @param maxSize     the most connections the pool opens
     * @return the pool; closing it closes its connections (an embedded database is shut down separately, after)
     */
    public static PooledDataSource of(DataSource connections, String name, int maxSize) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(connections);
        config.setPoolName(name);
        config.setMaximumPoolSize(maxSize);
        config.setMinimumIdle(Math.min(2, maxSize));
        config.setConnectionTimeout(WAIT.toMillis());
        config.setValidationTimeout(5_000);
        config.setKeepaliveTime(60_000);
        return new Pool(config);
    }

    /** HikariCP's pool behind the interface that the package exports, so consumers need not import HikariCP. */
    private static final class Pool extends HikariDataSource implements PooledDataSource {
        Pool(HikariConfig config) {
            super(config);
        }
    }
}
