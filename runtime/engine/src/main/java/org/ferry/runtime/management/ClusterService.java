package org.ferry.runtime.management;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The nodes sharing this server's store. With embedded Derby that is this node alone; on PostgreSQL every node
 * started with the same store is a member, and any of them serves the whole API.
 *
 * @since 1.3
 */
@ProviderType
public interface ClusterService {
    /** @return this node's id */
    String node();

    /** @return every node the store knows, this one first, then by id; LOST nodes are kept a day */
    List<NodeInfo> nodes();
}
