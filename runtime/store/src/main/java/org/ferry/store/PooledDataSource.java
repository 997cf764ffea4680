package org.ferry.store;

import javax.sql.DataSource;

/** Pooled connections to a store's server; {@link #close()} closes them all. */
public interface PooledDataSource extends DataSource, AutoCloseable {
    @Override
    void close();
}
