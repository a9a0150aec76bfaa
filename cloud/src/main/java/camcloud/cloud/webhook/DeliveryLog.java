package camcloud.cloud.webhook;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.List;

/**
 * What became of each webhook's deliveries ({@code webhook_deliveries}), newest first, bounded per
 * webhook: a new delivery drops the webhook's oldest beyond the limit. Deleting a webhook deletes
 * its log.
 */
public final class DeliveryLog {

    /** A delivery as {@code GET /api/webhooks/{id}/deliveries} lists it; {@code at} is ISO-8601. */
    public record Entry(String id, String kind, String status, int attempts, Integer httpStatus, String error,
                        String at) {
    }

    /** Where a delivery stands. */
    public enum Status {
        /** Queued, or waiting for its next try. */
        RETRYING,
        DELIVERED,
        /** No more tries: the receiver refused it, or every try failed. */
        FAILED,
        /** Never tried: the webhook's queue was full. */
        DROPPED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Database db;
    private final int perWebhook;

    public DeliveryLog(Database db, int perWebhook) {
        this.db = db;
        this.perWebhook = perWebhook;
    }

    /** Logs a new delivery; false when its webhook no longer exists. */
    boolean created(String deliveryId, long webhookId, String kind, Status status, long atMillis) {
        return db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO webhook_deliveries (id, webhook_id, seq, kind, "
                    + "status, attempts, at) SELECT ?, id, COALESCE((SELECT MAX(seq) FROM webhook_deliveries "
                    + "WHERE webhook_id = ?), 0) + 1, ?, ?, 0, ? FROM webhooks WHERE id = ?")) {
                p.setString(1, deliveryId);
                p.setLong(2, webhookId);
                p.setString(3, kind);
                p.setString(4, status.wire());
                p.setLong(5, atMillis);
                p.setLong(6, webhookId);
                if (p.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhook_deliveries WHERE webhook_id = ? AND seq <= "
                    + "(SELECT seq FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT 1 OFFSET ?)")) {
                p.setLong(1, webhookId);
                p.setLong(2, webhookId);
                p.setInt(3, perWebhook);
                p.executeUpdate();
            }
            return true;
        });
    }

    void update(String deliveryId, Status status, int attempts, Integer httpStatus, String error, long atMillis) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE webhook_deliveries SET status = ?, attempts = ?, "
                    + "http_status = ?, error = ?, at = ? WHERE id = ?")) {
                p.setString(1, status.wire());
                p.setInt(2, attempts);
                if (httpStatus == null) {
                    p.setNull(3, java.sql.Types.INTEGER);
                } else {
                    p.setInt(3, httpStatus);
                }
                p.setString(4, error);
                p.setLong(5, atMillis);
                p.setString(6, deliveryId);
                return p.executeUpdate();
            }
        });
    }

    /** The webhook's latest {@code limit} deliveries, newest first. */
    public List<Entry> latest(long webhookId, int limit) {
        return db.query(c -> Rows.list(c, "SELECT id, kind, status, attempts, http_status, error, at "
                + "FROM webhook_deliveries WHERE webhook_id = ? ORDER BY seq DESC LIMIT ?", p -> {
                    p.setLong(1, webhookId);
                    p.setInt(2, limit);
                }, rs -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        Rows.nullableInt(rs, 5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)).toString())));
    }

    public Entry find(String deliveryId) {
        return db.query(c -> Rows.first(c, "SELECT id, kind, status, attempts, http_status, error, at "
                + "FROM webhook_deliveries WHERE id = ?", p -> p.setString(1, deliveryId),
                rs -> new Entry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        Rows.nullableInt(rs, 5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)).toString())))
                .orElse(null);
    }
}
