package camcloud.cloud.video;

import camcloud.cloud.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Cameras' timeline anchors in the database ({@code camera_timelines}), so a node restart keeps
 * them, together with what the recording index already holds of the anchored boot (the highest
 * recorded sequence, so units resent after the restart are not recorded twice, and the end of the
 * camera's last segment, so nothing is placed before it).
 */
public final class TimelineStore {

    /** What a camera's timeline is restored from. */
    public record Saved(long bootId, long anchorCloudMicros, long anchorMonoMicros, long lastSequence,
                        long lastEndMicros) {
    }

    private final Database db;

    public TimelineStore(Database db) {
        this.db = db;
    }

    public Map<String, Saved> loadAll() {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT)) {
                return read(p);
            }
        });
    }

    /**
     * What is saved of one camera: with several nodes, the newest anchor of whichever node the camera
     * was on last (a node it comes back to may hold an older one in memory).
     */
    public Optional<Saved> load(String serial) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(SELECT + " WHERE t.camera_serial = ?")) {
                p.setString(1, serial);
                return Optional.ofNullable(read(p).get(serial));
            }
        });
    }

    private static final String SELECT = "SELECT t.camera_serial, t.boot_id, t.anchor_cloud_us, "
            + "t.anchor_mono_us, (SELECT MAX(s.last_sequence) FROM segments s WHERE s.camera_serial = "
            + "t.camera_serial AND s.boot_id = t.boot_id), (SELECT MAX(s.end_us) FROM segments s WHERE "
            + "s.camera_serial = t.camera_serial) FROM camera_timelines t";

    private static Map<String, Saved> read(PreparedStatement p) throws java.sql.SQLException {
        try (ResultSet rs = p.executeQuery()) {
            Map<String, Saved> out = new HashMap<>();
            while (rs.next()) {
                long lastSequence = rs.getLong(5);
                if (rs.wasNull()) {
                    lastSequence = -1;
                }
                long lastEnd = rs.getLong(6);
                if (rs.wasNull()) {
                    lastEnd = Long.MIN_VALUE;
                }
                out.put(rs.getString(1), new Saved(rs.getLong(2), rs.getLong(3), rs.getLong(4), lastSequence,
                        lastEnd));
            }
            return out;
        }
    }

    public void save(String serial, long bootId, long anchorCloudMicros, long anchorMonoMicros) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO camera_timelines (camera_serial, boot_id, "
                    + "anchor_cloud_us, anchor_mono_us, updated_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (camera_serial) "
                    + "DO UPDATE SET boot_id = excluded.boot_id, anchor_cloud_us = excluded.anchor_cloud_us, "
                    + "anchor_mono_us = excluded.anchor_mono_us, updated_at = excluded.updated_at")) {
                p.setString(1, serial);
                p.setLong(2, bootId);
                p.setLong(3, anchorCloudMicros);
                p.setLong(4, anchorMonoMicros);
                p.setLong(5, System.currentTimeMillis());
                return p.executeUpdate();
            }
        });
    }
}
