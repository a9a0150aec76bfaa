package camcloud.cloud.ownership;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * View-only access an owner gives another account ({@code camera_shares}). A share belongs to one
 * {@link Ownership}: it ends when the owner revokes it, when the viewer leaves it, and when the
 * camera is released (the release deletes the ownership's shares in its transaction). A viewer
 * sees the camera live and what was recorded during that ownership; never its settings.
 */
public final class Shares {

    /** A viewer of a camera, as its owner sees the list. */
    public record Share(String viewer, long createdAtMillis) {
    }

    /** A camera shared with the caller, and by whom. */
    public record Shared(String serial, String owner) {
    }

    private final Database db;

    public Shares(Database db) {
        this.db = db;
    }

    /** Shares the ownership's camera with {@code viewerId}; false when it already was. */
    public boolean add(Ownership ownership, long viewerId) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO camera_shares (ownership_id, viewer_id, "
                    + "created_at) VALUES (?, ?, ?) ON CONFLICT (ownership_id, viewer_id) DO NOTHING")) {
                p.setLong(1, ownership.id());
                p.setLong(2, viewerId);
                p.setLong(3, System.currentTimeMillis());
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Ends a share; false when there was none. */
    public boolean remove(Ownership ownership, long viewerId) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM camera_shares WHERE ownership_id = ? AND viewer_id = ?")) {
                p.setLong(1, ownership.id());
                p.setLong(2, viewerId);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** The viewers of an ownership's camera, by name. */
    public List<Share> of(Ownership ownership) {
        return db.query(c -> Rows.list(c, "SELECT u.username, s.created_at FROM camera_shares s "
                + "JOIN users u ON u.id = s.viewer_id WHERE s.ownership_id = ? ORDER BY u.username",
                p -> p.setLong(1, ownership.id()), rs -> new Share(rs.getString(1), rs.getLong(2))));
    }

    /** The cameras shared with {@code viewerId} now, by serial. */
    public List<Shared> with(long viewerId) {
        return db.query(c -> Rows.list(c, "SELECT o.camera_serial, u.username FROM camera_shares s "
                + "JOIN camera_ownerships o ON o.id = s.ownership_id JOIN users u ON u.id = o.owner_id "
                + "WHERE s.viewer_id = ? AND o.to_us IS NULL ORDER BY o.camera_serial",
                p -> p.setLong(1, viewerId), rs -> new Shared(rs.getString(1), rs.getString(2))));
    }
}
