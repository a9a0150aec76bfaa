package camcloud.cloud.notify;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;

/**
 * The notifications made for each user ({@code notifications}), newest first. Bounded: adding one
 * drops the user's oldest beyond {@link #perUser}, so a busy camera cannot grow the table without end.
 */
public final class NotificationList {

    /** A notification to store. */
    public record New(long userId, String serial, String cameraName, NotificationKind kind, String title,
                      String body, long atMillis, String eventId, boolean pushed) {
    }

    private final Database db;
    private final int perUser;

    public NotificationList(Database db, int perUser) {
        if (perUser < 1) {
            throw new IllegalArgumentException("perUser must be at least 1, was " + perUser);
        }
        this.db = db;
        this.perUser = perUser;
    }

    /** Stores {@code n}, trims the user's list, and returns it as the API shows it. */
    public Notification add(New n) {
        long id = db.transaction(c -> {
            long newId;
            try (PreparedStatement p = c.prepareStatement("INSERT INTO notifications (user_id, camera_serial, "
                    + "camera_name, kind, title, body, at, event_id, pushed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                p.setLong(1, n.userId());
                p.setString(2, n.serial());
                p.setString(3, n.cameraName());
                p.setString(4, n.kind().wire());
                p.setString(5, n.title());
                p.setString(6, n.body());
                p.setLong(7, n.atMillis());
                p.setString(8, n.eventId());
                p.setInt(9, n.pushed() ? 1 : 0);
                try (ResultSet keys = p.executeQuery()) {
                    keys.next();
                    newId = keys.getLong(1);
                }
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM notifications WHERE user_id = ? AND id <= "
                    + "(SELECT id FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)")) {
                p.setLong(1, n.userId());
                p.setLong(2, n.userId());
                p.setInt(3, perUser);
                p.executeUpdate();
            }
            return newId;
        });
        return new Notification(id, n.serial(), n.cameraName(), n.kind().wire(), n.title(), n.body(),
                Instant.ofEpochMilli(n.atMillis()).toString(), n.eventId());
    }

    /** The user's latest {@code limit} notifications, newest first. */
    public List<Notification> latest(long userId, int limit) {
        return db.query(c -> Rows.list(c, "SELECT id, camera_serial, camera_name, kind, title, body, at, event_id "
                + "FROM notifications WHERE user_id = ? ORDER BY id DESC LIMIT ?", p -> {
                    p.setLong(1, userId);
                    p.setInt(2, limit);
                }, rs -> new Notification(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), Instant.ofEpochMilli(rs.getLong(7)).toString(),
                        rs.getString(8))));
    }

    public int perUser() {
        return perUser;
    }
}
