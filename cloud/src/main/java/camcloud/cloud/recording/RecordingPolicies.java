package camcloud.cloud.recording;

import camcloud.cloud.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Per-camera recording settings ({@code recording_settings}): recording on or off, and retention
 * overrides of the node's defaults (for continuous video, and for event clips). A camera without a row records with the node's defaults.
 */
public final class RecordingPolicies {

    /**
     * @param enabled        record this camera
     * @param retentionDays  keep video this many days; empty: the node's default
     * @param retentionBytes keep at most this many bytes; empty: the node's default
     * @param eventRetentionDays keep event clips this many days; empty: the node's default for clips
     */
    public record Policy(boolean enabled, Optional<Integer> retentionDays, Optional<Long> retentionBytes,
                         Optional<Integer> eventRetentionDays) {
        public static final Policy DEFAULT = new Policy(true, Optional.empty(), Optional.empty(), Optional.empty());

        /** Event clips kept by the node's default. */
        public Policy(boolean enabled, Optional<Integer> retentionDays, Optional<Long> retentionBytes) {
            this(enabled, retentionDays, retentionBytes, Optional.empty());
        }
    }

    private final Database db;

    public RecordingPolicies(Database db) {
        this.db = db;
    }

    public Policy of(String serial) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT enabled, retention_days, retention_bytes, "
                    + "event_retention_days FROM recording_settings WHERE camera_serial = ?")) {
                p.setString(1, serial);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Policy.DEFAULT;
                    }
                    boolean enabled = rs.getInt(1) == 1;
                    int days = rs.getInt(2);
                    Optional<Integer> d = rs.wasNull() ? Optional.empty() : Optional.of(days);
                    long bytes = rs.getLong(3);
                    Optional<Long> b = rs.wasNull() ? Optional.empty() : Optional.of(bytes);
                    int eventDays = rs.getInt(4);
                    Optional<Integer> e = rs.wasNull() ? Optional.empty() : Optional.of(eventDays);
                    return new Policy(enabled, d, b, e);
                }
            }
        });
    }

    public void set(String serial, Policy policy) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO recording_settings (camera_serial, enabled, "
                    + "retention_days, retention_bytes, event_retention_days) VALUES (?, ?, ?, ?, ?) "
                    + "ON CONFLICT (camera_serial) DO UPDATE SET enabled = excluded.enabled, "
                    + "retention_days = excluded.retention_days, retention_bytes = excluded.retention_bytes, "
                    + "event_retention_days = excluded.event_retention_days")) {
                p.setString(1, serial);
                p.setInt(2, policy.enabled() ? 1 : 0);
                p.setObject(3, policy.retentionDays().orElse(null));
                p.setObject(4, policy.retentionBytes().orElse(null));
                p.setObject(5, policy.eventRetentionDays().orElse(null));
                return p.executeUpdate();
            }
        });
    }
}
