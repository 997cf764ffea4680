package org.ferry.runtime.internal.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.ferry.runtime.internal.store.Database;
import org.ferry.runtime.internal.store.Jdbc;
import org.ferry.runtime.internal.store.StoreTimers;
import org.ferry.runtime.management.ClusterService;
import org.ferry.runtime.management.NodeInfo;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's membership of the cluster: a row in {@code cluster_nodes} with a heartbeat, every renewal period,
 * by the store's clock (so nodes need not agree on the time). A node whose heartbeat is older than the lease is
 * LOST. Starting, a node refuses a name another live node uses; the same name at the same address is this node's
 * previous process, dead (the launcher could listen on its port), whose runs are then free at once.
 */
@Component(service = {Membership.class, ClusterService.class})
public class Membership implements ClusterService {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** A LOST node's row is kept this long, so the cluster page shows what died. */
    private static final long FORGET_LOST_SECONDS = 24 * 3600;

    private final Database db;
    private final NodeSettings settings;
    private final String incarnation = UUID.randomUUID().toString();
    private final boolean replacedPrevious;
    private final ScheduledExecutorService heartbeat = StoreTimers.of("ferry-heartbeat", 1);
    private volatile boolean warned;

    @Activate
    public Membership(@Reference Database db, BundleContext context) {
        this(db, NodeSettings.of(context::getProperty));
    }

    public Membership(Database db, NodeSettings settings) {
        this.db = db;
        this.settings = settings;
        this.replacedPrevious = join();
        long period = settings.renew().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Node {} ({}) joined the store's cluster ({}), {} run slots", settings.id(), settings.url(),
                db.settings().describe(), settings.runSlots());
    }

    public NodeSettings settings() {
        return settings;
    }

    @Override
    public String node() {
        return settings.id();
    }

    /** @return whether a previous process of this node had left its row (it died without leaving the cluster) */
    public boolean replacedPrevious() {
        return replacedPrevious;
    }

    /**
     * Whether this node should take one more run now: it has a free slot, and no UP node with a free slot holds
     * fewer runs. So new runs go where slots are free, and load spreads; of nodes equally loaded, the first to claim
     * wins.
     *
     * @param running how many runs this node holds now
     */
    public boolean shouldClaim(int running) {
        if (running >= settings.runSlots()) {
            return false;
        }
        try {
            for (Load other : loads()) {
                if (!other.node().equals(settings.id()) && other.running() < other.slots() && other.running() < running) {
                    return false;
                }
            }
        } catch (RuntimeException e) {
            return true; // the claim itself decides; it fails as well if the store is out of reach
        }
        return true;
    }

    private record Load(String node, int slots, int running) {
    }

    private List<Load> loads() {
        return Jdbc.read(db, c -> {
            List<Load> loads = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT n.id, n.run_slots, (SELECT COUNT(*) FROM runs r"
                    + " WHERE r.owner = n.id AND r.status IN ('QUEUED', 'RUNNING') AND r.lease_until >= "
                    + db.dialect().now() + ") FROM cluster_nodes n WHERE n.last_seen_at >= "
                    + db.dialect().secondsFromNow(-settings.lease().toSeconds()));
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    loads.add(new Load(rs.getString(1), rs.getInt(2), rs.getInt(3)));
                }
            }
            return loads;
        });
    }

    @Override
    public List<NodeInfo> nodes() {
        Map<String, List<String>> runs = Jdbc.read(db, c -> {
            Map<String, List<String>> byNode = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT owner, id FROM runs WHERE status IN ('QUEUED', 'RUNNING')"
                    + " AND owner IS NOT NULL AND lease_until >= " + db.dialect().now() + " ORDER BY queued_at, id");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byNode.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                }
            }
            return byNode;
        });
        List<NodeInfo> nodes = Jdbc.read(db, c -> {
            List<NodeInfo> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, url, started_at, last_seen_at, run_slots,"
                    + " CASE WHEN last_seen_at >= " + db.dialect().secondsFromNow(-settings.lease().toSeconds())
                    + " THEN 1 ELSE 0 END FROM cluster_nodes");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    result.add(new NodeInfo(id, rs.getString(2), rs.getInt(6) == 1 ? NodeInfo.UP : NodeInfo.LOST,
                            rs.getTimestamp(3).toInstant(), rs.getTimestamp(4).toInstant(), rs.getInt(5),
                            List.copyOf(runs.getOrDefault(id, List.of()))));
                }
            }
            return result;
        });
        nodes.sort(Comparator.comparing((NodeInfo n) -> !n.id().equals(settings.id())).thenComparing(NodeInfo::id));
        return nodes;
    }

    /** Leaves the cluster: this node's row goes, its runs were handed over by the run manager before. */
    @Deactivate
    public void close() {
        StoreTimers.stop(heartbeat, java.time.Duration.ofSeconds(10)); // no beat after the leave below
        try {
            Jdbc.inTransaction(db, c -> {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_nodes WHERE id = ? AND incarnation = ?")) {
                    ps.setString(1, settings.id());
                    ps.setString(2, incarnation);
                    ps.executeUpdate();
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.warn("Node {} could not leave the cluster cleanly (it shows LOST until it is forgotten): {}",
                    settings.id(), e.getMessage());
        }
    }

    private boolean join() {
        return Jdbc.inTransaction(db, c -> {
            String fresh = "CASE WHEN last_seen_at >= " + db.dialect().secondsFromNow(-settings.lease().toSeconds())
                    + " THEN 1 ELSE 0 END";
            boolean previous = false;
            try (PreparedStatement ps = c.prepareStatement("SELECT url, incarnation, " + fresh
                    + " FROM cluster_nodes WHERE id = ?")) {
                ps.setString(1, settings.id());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        previous = true;
                        boolean alive = rs.getInt(3) == 1;
                        String url = rs.getString(1);
                        if (alive && url != null && !url.equals(settings.url())) {
                            throw new IllegalStateException("node '" + settings.id() + "' is already a member of this"
                                    + " store's cluster, alive at " + url + "; give this node another name (--node NAME)");
                        }
                    }
                }
            }
            try (PreparedStatement del = c.prepareStatement("DELETE FROM cluster_nodes WHERE id = ?")) {
                del.setString(1, settings.id());
                del.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_nodes(id, url, incarnation, started_at,"
                    + " last_seen_at, run_slots) VALUES (?, ?, ?, " + db.dialect().now() + ", " + db.dialect().now()
                    + ", ?)")) {
                ps.setString(1, settings.id());
                ps.setString(2, settings.url());
                ps.setString(3, incarnation);
                ps.setInt(4, settings.runSlots());
                ps.executeUpdate();
            }
            return previous;
        });
    }

    private void beat() {
        try {
            Jdbc.inTransaction(db, c -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement("UPDATE cluster_nodes SET last_seen_at = " + db.dialect().now()
                        + " WHERE id = ? AND incarnation = ?")) {
                    ps.setString(1, settings.id());
                    ps.setString(2, incarnation);
                    n = ps.executeUpdate();
                }
                if (n == 0) {
                    rejoin(c);
                }
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM cluster_nodes WHERE last_seen_at < "
                        + db.dialect().secondsFromNow(-FORGET_LOST_SECONDS))) {
                    ps.executeUpdate();
                }
                return null;
            });
            if (warned) {
                LOG.info("Node {} reaches the store again", settings.id());
                warned = false;
            }
        } catch (RuntimeException e) {
            if (!warned) {
                LOG.warn("Node {}: heartbeat failed, the store is out of reach: {}", settings.id(), e.getMessage());
                warned = true;
            }
        }
    }

    /**
     * The row is not this process's: gone (forgotten while this node was cut off for a day), so this node joins
     * again; or another process took the name (this one was paused long enough to look dead), which it keeps.
     */
    private void rejoin(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT incarnation FROM cluster_nodes WHERE id = ?")) {
            ps.setString(1, settings.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    if (!warned) {
                        LOG.error("Node {}: another process now runs under this node's name; this one holds no runs",
                                settings.id());
                        warned = true;
                    }
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO cluster_nodes(id, url, incarnation, started_at,"
                + " last_seen_at, run_slots) VALUES (?, ?, ?, " + db.dialect().now() + ", " + db.dialect().now() + ", ?)")) {
            ps.setString(1, settings.id());
            ps.setString(2, settings.url());
            ps.setString(3, incarnation);
            ps.setInt(4, settings.runSlots());
            ps.executeUpdate();
        }
    }
}
