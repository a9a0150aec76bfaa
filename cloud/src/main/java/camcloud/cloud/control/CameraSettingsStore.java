package camcloud.cloud.control;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings an owner set on a camera ({@code camera_settings}) and the state the camera last
 * reported ({@code camera_reported_state}). Blocking: never call from a gateway event loop.
 */
public final class CameraSettingsStore {

    private final Database db;

    public CameraSettingsStore(Database db) {
        this.db = db;
    }

    /** What the owner set and the camera applied, by key. */
    public Map<String, String> desired(String serial) {
        return db.query(c -> map(c, "SELECT key, value FROM camera_settings WHERE camera_serial = ? ORDER BY key",
                serial));
    }

    /** Adds {@code settings} (applied by the camera) to the owner's settings, replacing keys already set. */
    public void saveDesired(String serial, Map<String, String> settings, long atMillis) {
        db.inTransaction(c -> upsert(c, "INSERT INTO camera_settings (camera_serial, key, value, set_at) "
                + "VALUES (?, ?, ?, ?) ON CONFLICT (camera_serial, key) DO UPDATE SET value = excluded.value, "
                + "set_at = excluded.set_at", serial, settings, atMillis));
    }

    /** What the camera last reported, by key. */
    public Map<String, String> reported(String serial) {
        return db.query(c -> map(c, "SELECT key, value FROM camera_reported_state WHERE camera_serial = ? "
                + "ORDER BY key", serial));
    }

    /**
     * What a camera reported: with {@code complete}, {@code state} is all of it (a {@code CameraStatus})
     * and replaces what was recorded; else it updates the keys it names (a command's ack).
     */
    public record Report(String serial, Map<String, String> state, boolean complete) {

        public Report {
            state = Map.copyOf(state);
        }

        /** This report followed by {@code next}: a complete report replaces, a partial one updates. */
        public Report then(Report next) {
            if (next.complete) {
                return next;
            }
            Map<String, String> merged = new LinkedHashMap<>(state);
            merged.putAll(next.state);
            return new Report(serial, merged, complete);
        }
    }

    /** Records {@code reports} (of different cameras) in one transaction. */
    public void saveReported(List<Report> reports, long atMillis) {
        if (reports.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            for (Report r : reports) {
                if (r.complete()) {
                    delete(c, "DELETE FROM camera_reported_state WHERE camera_serial = ?", r.serial());
                }
                upsert(c, "INSERT INTO camera_reported_state (camera_serial, key, value, reported_at) "
                        + "VALUES (?, ?, ?, ?) ON CONFLICT (camera_serial, key) DO UPDATE SET value = excluded.value, "
                        + "reported_at = excluded.reported_at", r.serial(), r.state(), atMillis);
            }
        });
    }

    /**
     * Forgets the camera's settings and reported state, inside the caller's transaction: the release
     * of the camera ({@code Ownerships.release}), so the next owner starts from the defaults.
     */
    public static void clear(Connection c, String serial) throws SQLException {
        delete(c, "DELETE FROM camera_settings WHERE camera_serial = ?", serial);
        delete(c, "DELETE FROM camera_reported_state WHERE camera_serial = ?", serial);
    }

    private static Map<String, String> map(Connection c, String sql, String serial) throws SQLException {
        List<String[]> rows = Rows.list(c, sql, p -> p.setString(1, serial),
                rs -> new String[] {rs.getString(1), rs.getString(2)});
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] row : rows) {
            out.put(row[0], row[1]);
        }
        return out;
    }

    private static void upsert(Connection c, String sql, String serial, Map<String, String> values, long atMillis)
            throws SQLException {
        if (values.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                p.setString(1, serial);
                p.setString(2, e.getKey());
                p.setString(3, e.getValue());
                p.setLong(4, atMillis);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    private static void delete(Connection c, String sql, String serial) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, serial);
            p.executeUpdate();
        }
    }
}
