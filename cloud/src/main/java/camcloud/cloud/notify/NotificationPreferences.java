package camcloud.cloud.notify;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.PreparedStatement;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each user's choices: per camera what they want to be told ({@code notification_preferences}; a
 * camera without a row has {@link CameraPreferences#DEFAULTS}) and their quiet hours
 * ({@code quiet_hours}). Rows are per user, so a camera's next owner starts from the defaults.
 */
public final class NotificationPreferences {

    private final Database db;

    public NotificationPreferences(Database db) {
        this.db = db;
    }

    public CameraPreferences of(long userId, String serial) {
        return db.query(c -> Rows.first(c, "SELECT offline, motion, sound, day_night FROM notification_preferences "
                + "WHERE user_id = ? AND camera_serial = ?", p -> {
                    p.setLong(1, userId);
                    p.setString(2, serial);
                }, rs -> new CameraPreferences(rs.getBoolean(1), rs.getBoolean(2), rs.getBoolean(3), rs.getBoolean(4)))
                .orElse(CameraPreferences.DEFAULTS));
    }

    /** The user's choices for each of {@code serials}, defaults where they made none. */
    public Map<String, CameraPreferences> of(long userId, List<String> serials) {
        Map<String, CameraPreferences> stored = new HashMap<>();
        db.query(c -> Rows.list(c, "SELECT camera_serial, offline, motion, sound, day_night "
                + "FROM notification_preferences WHERE user_id = ?", p -> p.setLong(1, userId), rs -> {
                    stored.put(rs.getString(1), new CameraPreferences(rs.getBoolean(2), rs.getBoolean(3),
                            rs.getBoolean(4), rs.getBoolean(5)));
                    return null;
                }));
        Map<String, CameraPreferences> out = new HashMap<>();
        for (String serial : serials) {
            out.put(serial, stored.getOrDefault(serial, CameraPreferences.DEFAULTS));
        }
        return out;
    }

    public void set(long userId, String serial, CameraPreferences prefs) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO notification_preferences "
                    + "(user_id, camera_serial, offline, motion, sound, day_night) VALUES (?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (user_id, camera_serial) DO UPDATE SET offline = excluded.offline, "
                    + "motion = excluded.motion, sound = excluded.sound, day_night = excluded.day_night")) {
                p.setLong(1, userId);
                p.setString(2, serial);
                // INTEGER 0/1 columns: PostgreSQL refuses a boolean parameter for them
                p.setInt(3, prefs.offline() ? 1 : 0);
                p.setInt(4, prefs.motion() ? 1 : 0);
                p.setInt(5, prefs.sound() ? 1 : 0);
                p.setInt(6, prefs.dayNight() ? 1 : 0);
                return p.executeUpdate();
            }
        });
    }

    public Optional<QuietHours> quietHours(long userId) {
        return db.query(c -> Rows.first(c, "SELECT start_minute, end_minute, time_zone FROM quiet_hours WHERE user_id = ?",
                p -> p.setLong(1, userId),
                rs -> new QuietHours(LocalTime.ofSecondOfDay(rs.getInt(1) * 60L),
                        LocalTime.ofSecondOfDay(rs.getInt(2) * 60L), ZoneId.of(rs.getString(3)))));
    }

    public void setQuietHours(long userId, QuietHours hours) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO quiet_hours "
                    + "(user_id, start_minute, end_minute, time_zone) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) "
                    + "DO UPDATE SET start_minute = excluded.start_minute, end_minute = excluded.end_minute, "
                    + "time_zone = excluded.time_zone")) {
                p.setLong(1, userId);
                p.setInt(2, hours.start().toSecondOfDay() / 60);
                p.setInt(3, hours.end().toSecondOfDay() / 60);
                p.setString(4, hours.zone().getId());
                return p.executeUpdate();
            }
        });
    }

    /** Clears the user's quiet hours; false when they had none. */
    public boolean clearQuietHours(long userId) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM quiet_hours WHERE user_id = ?")) {
                p.setLong(1, userId);
                return p.executeUpdate() > 0;
            }
        });
    }
}
