/**
 * Where Ferry's store is and how to reach it: {@link org.ferry.store.StoreSettings} (embedded Derby, or a
 * PostgreSQL server shared by the nodes of a cluster), {@link org.ferry.store.Dialect} (the SQL that differs
 * between the two), {@link org.ferry.store.PostgresStore} (the pooled connections to a server),
 * {@link org.ferry.store.KeyBloomFilter} (the keys a look-up can skip), {@link org.ferry.store.NodeIdentity} (a
 * node's name and address) and {@link org.ferry.store.DerbyPageCache} (embedded Derby's page cache, sized to the
 * heap). For Ferry's own bundles (the engine and the CDS hub), not an extension point.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.5.0")
package org.ferry.store;
