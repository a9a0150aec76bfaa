package camcloud.cloud.firmware;

import camcloud.cloud.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The firmware tables: published bundles, per-camera targets, last reported progress, and the
 * publishing keys each camera pinned at provisioning.
 */
final class FirmwareStore {

    private static final String COLUMNS = "model, version, version_number, min_version_number, size_bytes, sha256, "
            + "key_id, file_name, published_at";

    private final Database db;

    FirmwareStore(Database db) {
        this.db = db;
    }

    /** Adds or replaces (same model and version, same bytes re-published) a bundle. */
    void putBundle(PublishedBundle b) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO firmware_bundles (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model, version) DO UPDATE SET "
                    + "version_number = excluded.version_number, min_version_number = excluded.min_version_number, "
                    + "size_bytes = excluded.size_bytes, sha256 = excluded.sha256, key_id = excluded.key_id, "
                    + "file_name = excluded.file_name, published_at = excluded.published_at")) {
                p.setString(1, b.model());
                p.setString(2, b.version());
                p.setLong(3, b.versionNumber());
                p.setLong(4, b.minVersionNumber());
                p.setLong(5, b.size());
                p.setString(6, b.sha256());
                p.setString(7, b.keyId());
                p.setString(8, b.fileName());
                p.setLong(9, b.publishedAtMs());
                p.executeUpdate();
            }
        });
    }

    Optional<PublishedBundle> bundle(String model, String version) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS
                    + " FROM firmware_bundles WHERE model = ? AND version = ?")) {
                p.setString(1, model);
                p.setString(2, version);
                List<PublishedBundle> found = bundles(p);
                return found.stream().findFirst();
            }
        });
    }

    /** Newest first. */
    List<PublishedBundle> bundles(String model) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + COLUMNS + " FROM firmware_bundles"
                    + (model == null ? "" : " WHERE model = ?") + " ORDER BY model, version_number DESC")) {
                if (model != null) {
                    p.setString(1, model);
                }
                return bundles(p);
            }
        });
    }

    private static List<PublishedBundle> bundles(PreparedStatement p) throws java.sql.SQLException {
        List<PublishedBundle> out = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
            while (r.next()) {
                out.add(new PublishedBundle(r.getString(1), r.getString(2), r.getLong(3), r.getLong(4), r.getLong(5),
                        r.getString(6), r.getString(7), r.getString(8), r.getLong(9)));
            }
        }
        return out;
    }

    void setTarget(String serial, String version, long now) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO firmware_targets (camera_serial, version, set_at) VALUES (?, ?, ?) "
                    + "ON CONFLICT (camera_serial) DO UPDATE SET version = excluded.version, set_at = excluded.set_at")) {
                p.setString(1, serial);
                p.setString(2, version);
                p.setLong(3, now);
                p.executeUpdate();
            }
        });
    }

    void clearTarget(String serial) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM firmware_targets WHERE camera_serial = ?")) {
                p.setString(1, serial);
                p.executeUpdate();
            }
        });
    }

    Optional<CameraTarget> target(String serial) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT version, set_at FROM firmware_targets WHERE camera_serial = ?")) {
                p.setString(1, serial);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new CameraTarget(r.getString(1), r.getLong(2)))
                            : Optional.<CameraTarget>empty();
                }
            }
        });
    }

    void putProgress(CameraUpdateProgress pr) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO firmware_progress (camera_serial, "
                    + "version, step, bytes_done, bytes_total, error, reported_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (camera_serial) DO UPDATE SET version = excluded.version, step = excluded.step, "
                    + "bytes_done = excluded.bytes_done, bytes_total = excluded.bytes_total, error = excluded.error, "
                    + "reported_at = excluded.reported_at")) {
                p.setString(1, pr.serial());
                p.setString(2, pr.version());
                p.setString(3, pr.step());
                p.setLong(4, pr.bytesDone());
                p.setLong(5, pr.bytesTotal());
                p.setString(6, pr.error());
                p.setLong(7, pr.reportedAtMs());
                p.executeUpdate();
            }
        });
    }

    Optional<CameraUpdateProgress> progress(String serial) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT camera_serial, version, step, bytes_done, bytes_total, "
                    + "error, reported_at FROM firmware_progress WHERE camera_serial = ?")) {
                p.setString(1, serial);
                try (ResultSet r = p.executeQuery()) {
                    return r.next() ? Optional.of(new CameraUpdateProgress(r.getString(1), r.getString(2), r.getString(3),
                            r.getLong(4), r.getLong(5), r.getString(6), r.getLong(7))) : Optional.<CameraUpdateProgress>empty();
                }
            }
        });
    }

    /** Records the publishing keys {@code serial} was pinned with (replacing what was recorded before). */
    void putPinnedKeys(String serial, List<String> keyIds, long now) {
        putPinnedKeys(List.of(serial), keyIds, now);
    }

    /** The same for many cameras pinned with the same keys (a factory batch), in one transaction. */
    void putPinnedKeys(java.util.Collection<String> serials, List<String> keyIds, long now) {
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO firmware_pinned_keys "
                    + "(camera_serial, key_ids, pinned_at) VALUES (?, ?, ?) ON CONFLICT (camera_serial) "
                    + "DO UPDATE SET key_ids = excluded.key_ids, pinned_at = excluded.pinned_at")) {
                for (String serial : serials) {
                    p.setString(1, serial);
                    p.setString(2, String.join(" ", keyIds));
                    p.setLong(3, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    /** The key ids {@code serial} pinned, sorted; empty when not recorded (provisioned before the cloud kept them). */
    Optional<List<String>> pinnedKeys(String serial) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT key_ids FROM firmware_pinned_keys WHERE camera_serial = ?")) {
                p.setString(1, serial);
                try (ResultSet r = p.executeQuery()) {
                    if (!r.next()) {
                        return Optional.<List<String>>empty();
                    }
                    String ids = r.getString(1).strip();
                    return Optional.of(ids.isEmpty() ? List.<String>of()
                            : Arrays.stream(ids.split(" +")).sorted().toList());
                }
            }
        });
    }
}
