package camcloud.cloud.rollout;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Optional;

/**
 * Which node drives the rollouts: one row ({@code rollout_driver}, id 1) with a node id and a lease
 * end. The holder renews it; another node takes it only once it ran out. Each attempt is a single
 * conditional write, so two nodes never both hold it; lease times are the writing node's clock (nodes
 * need clocks in step, as for the node directory).
 */
final class DriverLease {

    private final Database db;

    DriverLease(Database db) {
        this.db = db;
    }

    /** Renews the lease of {@code nodeId}, or takes it when free or run out. True when it holds it now. */
    boolean hold(String nodeId, long now, Duration lease) {
        long until = now + lease.toMillis();
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_driver (id, node_id, lease_until_ms, "
                    + "acquired_ms) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                p.setString(1, nodeId);
                p.setLong(2, until);
                p.setLong(3, now);
                if (p.executeUpdate() == 1) {
                    return true;
                }
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE rollout_driver SET lease_until_ms = ?, "
                    + "acquired_ms = CASE WHEN node_id = ? THEN acquired_ms ELSE ? END, node_id = ? "
                    + "WHERE id = 1 AND (node_id = ? OR lease_until_ms <= ?)")) {
                p.setLong(1, until);
                p.setString(2, nodeId);
                p.setLong(3, now);
                p.setString(4, nodeId);
                p.setString(5, nodeId);
                p.setLong(6, now);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Gives the lease up (a node that stops), so another node takes over at its next try. */
    void release(String nodeId) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE rollout_driver SET lease_until_ms = 0 WHERE id = 1 AND node_id = ?")) {
                p.setString(1, nodeId);
                p.executeUpdate();
            }
        });
    }

    /** The node holding a lease that has not run out. */
    Optional<String> holder(long now) {
        return db.query(c -> Rows.first(c, "SELECT node_id FROM rollout_driver WHERE id = 1 AND lease_until_ms > ?",
                p -> p.setLong(1, now), rs -> rs.getString(1)));
    }
}
