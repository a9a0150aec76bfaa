package camcloud.cloud.rollout;

import camcloud.cloud.db.Rows;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what the driver judges cameras on, from tables every node writes: {@code firmware_progress}
 * (update reports), {@code devices.firmware_version} (the last Hello, flushed within a few
 * heartbeats), {@code cluster_cameras} on a live {@code cluster_nodes} row (online, and since when),
 * {@code segments} (video stored), recording settings, and {@code firmware_targets}. One query per
 * rollout and tick, whatever the number of cameras.
 */
final class EvidenceReader {

    /** Segments that began this long before a session may still hold its first frames (the camera's ring). */
    private static final long EARLY_VIDEO_MICROS = 60_000_000L;

    private static final String LIVE_SESSION = "LEFT JOIN cluster_cameras cc ON cc.serial = rc.camera_serial "
            + "AND EXISTS (SELECT 1 FROM cluster_nodes n WHERE n.node_id = cc.node_id AND n.lease_until_ms > ?) ";

    private EvidenceReader() {
    }

    /** The evidence of every camera of the rollout in flight, by serial. */
    static Map<String, CameraEvidence> inFlight(Connection c, long rolloutId, long now) throws SQLException {
        Map<String, CameraEvidence> out = new HashMap<>();
        Rows.list(c, "SELECT rc.camera_serial, fp.version, fp.step, fp.error, fp.reported_at, d.firmware_version, "
                + "cc.connected_ms, "
                + "CASE WHEN rs.enabled = 0 OR cs.value = 'events' THEN 0 ELSE 1 END, "
                + "(SELECT MAX(s.end_us) FROM segments s WHERE s.camera_serial = rc.camera_serial "
                + "AND s.start_us >= cc.connected_ms * 1000 - ? AND s.end_us > cc.connected_ms * 1000), "
                + "ft.version, ft.set_at "
                + "FROM rollout_cameras rc "
                + "LEFT JOIN firmware_progress fp ON fp.camera_serial = rc.camera_serial "
                + "LEFT JOIN devices d ON d.serial = rc.camera_serial "
                + LIVE_SESSION
                + "LEFT JOIN recording_settings rs ON rs.camera_serial = rc.camera_serial "
                + "LEFT JOIN camera_settings cs ON cs.camera_serial = rc.camera_serial AND cs.key = 'recording.mode' "
                + "LEFT JOIN firmware_targets ft ON ft.camera_serial = rc.camera_serial "
                + "WHERE rc.rollout_id = ? AND rc.state IN ('offered', 'downloading', 'installing', 'rebooted')",
                p -> {
                    p.setLong(1, EARLY_VIDEO_MICROS);
                    p.setLong(2, now);
                    p.setLong(3, rolloutId);
                },
                rs -> out.put(rs.getString(1), new CameraEvidence(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getLong(5), rs.getString(6), Rows.nullableLong(rs, 7), rs.getInt(8) == 1,
                        Rows.nullableLong(rs, 9), rs.getString(10), rs.getLong(11))));
        return out;
    }

    /** A pending camera that is online, with the version it last said it runs (null: never said). */
    record Online(String serial, String runningVersion) {
    }

    /** Pending cameras of waves up to {@code lastWave} that are online now, in offer order, at most {@code limit}. */
    static List<Online> pendingOnline(Connection c, long rolloutId, int lastWave, long now, int limit)
            throws SQLException {
        return Rows.list(c, "SELECT rc.camera_serial, d.firmware_version "
                + "FROM rollout_cameras rc " + LIVE_SESSION
                + "LEFT JOIN devices d ON d.serial = rc.camera_serial "
                + "WHERE rc.rollout_id = ? AND rc.state = 'pending' AND rc.wave_index <= ? AND cc.serial IS NOT NULL "
                + "ORDER BY rc.offer_order LIMIT ?",
                p -> {
                    p.setLong(1, now);
                    p.setLong(2, rolloutId);
                    p.setInt(3, lastWave);
                    p.setInt(4, limit);
                },
                rs -> new Online(rs.getString(1), rs.getString(2)));
    }

    /** How many pending cameras of each wave are online now. */
    static Map<Integer, Integer> pendingOnlineByWave(Connection c, long rolloutId, long now) throws SQLException {
        Map<Integer, Integer> out = new HashMap<>();
        Rows.list(c, "SELECT rc.wave_index, COUNT(*) FROM rollout_cameras rc " + LIVE_SESSION
                + "WHERE rc.rollout_id = ? AND rc.state = 'pending' AND cc.serial IS NOT NULL GROUP BY rc.wave_index",
                p -> {
                    p.setLong(1, now);
                    p.setLong(2, rolloutId);
                }, rs -> out.put(rs.getInt(1), rs.getInt(2)));
        return out;
    }
}
