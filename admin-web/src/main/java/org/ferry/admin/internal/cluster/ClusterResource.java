package org.ferry.admin.internal.cluster;

import java.util.List;

import org.ferry.admin.internal.http.ApiDoc;
import org.ferry.runtime.management.ClusterService;
import org.ferry.runtime.management.NodeInfo;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code GET /api/cluster}: the nodes sharing the store, which answer for one another. */
@Path("cluster")
@Produces(MediaType.APPLICATION_JSON)
public class ClusterResource {
    /**
     * @param node  the node that answered
     * @param nodes every node the store knows: UP while its heartbeat is current, LOST after; this one first
     */
    public record Cluster(String node, List<NodeInfo> nodes) {
    }

    private final java.util.function.Supplier<ClusterService> cluster;

    public ClusterResource(java.util.function.Supplier<ClusterService> cluster) {
        this.cluster = cluster;
    }

    @GET
    @ApiDoc(summary = "The nodes of the cluster: id, url, status (UP or LOST), startedAt, lastSeenAt, the runs each holds",
            returns = Cluster.class)
    public Cluster get() {
        ClusterService service = cluster.get();
        return new Cluster(service.node(), service.nodes());
    }
}
