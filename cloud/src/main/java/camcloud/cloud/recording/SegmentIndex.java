package camcloud.cloud.recording;

import camcloud.cloud.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The index of recorded video: camera + cloud time → segment files, and the explicit gaps. The
 * recorder writes it only after a segment file is durable, so every row names a complete file.
 */
public final class SegmentIndex {

    private static final String SEGMENT_COLUMNS = "id, camera_serial, start_us, end_us, storage_key, size_bytes, "
            + "init_size, frames, timescale, base_decode_time, duration_ticks, codec, width, height, discontinuity, "
            + "boot_id, first_sequence, last_sequence, created_at, event_clip";

    private final Database db;

    public SegmentIndex(Database db) {
        this.db = db;
    }

    Database database() {
        return db;
    }

    /** Records a durable segment; returns it with its id. */
    public Segment add(Segment s) {
        long id = db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO segments (camera_serial, start_us, end_us, "
                    + "storage_key, size_bytes, init_size, frames, timescale, base_decode_time, duration_ticks, codec, "
                    + "width, height, discontinuity, boot_id, first_sequence, last_sequence, created_at, event_clip) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
                p.setString(1, s.cameraSerial());
                p.setLong(2, s.startMicros());
                p.setLong(3, s.endMicros());
                p.setString(4, s.storageKey());
                p.setLong(5, s.sizeBytes());
                p.setLong(6, s.initSize());
                p.setInt(7, s.frames());
                p.setInt(8, s.timescale());
                p.setLong(9, s.baseDecodeTime());
                p.setLong(10, s.durationTicks());
                p.setString(11, s.codec());
                p.setInt(12, s.width());
                p.setInt(13, s.height());
                p.setInt(14, s.discontinuity() ? 1 : 0);
                p.setLong(15, s.bootId());
                p.setLong(16, s.firstSequence());
                p.setLong(17, s.lastSequence());
                p.setLong(18, s.createdAtMillis());
                p.setInt(19, s.eventClip() ? 1 : 0);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
        return new Segment(id, s.cameraSerial(), s.startMicros(), s.endMicros(), s.storageKey(), s.sizeBytes(),
                s.initSize(), s.frames(), s.timescale(), s.baseDecodeTime(), s.durationTicks(), s.codec(), s.width(),
                s.height(), s.discontinuity(), s.bootId(), s.firstSequence(), s.lastSequence(), s.createdAtMillis(),
                s.eventClip());
    }

    /**
     * Points the row of {@code old} at {@code grown}, a longer file of the same segment (the recorder
     * continued it): same id, start and first sequence; new file, end, size, frames and last sequence.
     * Empty when the row is gone or names another file by now (retention removed it meanwhile).
     */
    public Optional<Segment> replace(Segment old, Segment grown) {
        int updated = db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE segments SET end_us = ?, storage_key = ?, "
                    + "size_bytes = ?, init_size = ?, frames = ?, duration_ticks = ?, last_sequence = ?, created_at = ? "
                    + "WHERE id = ? AND storage_key = ?")) {
                p.setLong(1, grown.endMicros());
                p.setString(2, grown.storageKey());
                p.setLong(3, grown.sizeBytes());
                p.setLong(4, grown.initSize());
                p.setInt(5, grown.frames());
                p.setLong(6, grown.durationTicks());
                p.setLong(7, grown.lastSequence());
                p.setLong(8, grown.createdAtMillis());
                p.setLong(9, old.id());
                p.setString(10, old.storageKey());
                return p.executeUpdate();
            }
        });
        if (updated != 1) {
            return Optional.empty();
        }
        return Optional.of(new Segment(old.id(), grown.cameraSerial(), grown.startMicros(), grown.endMicros(),
                grown.storageKey(), grown.sizeBytes(), grown.initSize(), grown.frames(), grown.timescale(),
                grown.baseDecodeTime(), grown.durationTicks(), grown.codec(), grown.width(), grown.height(),
                grown.discontinuity(), grown.bootId(), grown.firstSequence(), grown.lastSequence(),
                grown.createdAtMillis(), grown.eventClip()));
    }

    /** Segments of a camera that overlap {@code [fromMicros, toMicros)}, in time order. */
    public List<Segment> segments(String serial, long fromMicros, long toMicros) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "WHERE camera_serial = ? AND end_us > ? AND start_us < ? ORDER BY start_us, id")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                p.setLong(3, toMicros);
                return readSegments(p);
            }
        });
    }

    public Optional<Segment> segment(String serial, long id) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "WHERE camera_serial = ? AND id = ?")) {
                p.setString(1, serial);
                p.setLong(2, id);
                return readSegments(p).stream().findFirst();
            }
        });
    }

    /** A segment by id, whatever its camera. */
    public Optional<Segment> segmentById(long id) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments WHERE id = ?")) {
                p.setLong(1, id);
                return readSegments(p).stream().findFirst();
            }
        });
    }

    /** The segment stored under {@code key}, if a row names it. */
    public Optional<Segment> byStorageKey(String serial, String key) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "WHERE camera_serial = ? AND storage_key = ?")) {
                p.setString(1, serial);
                p.setString(2, key);
                return readSegments(p).stream().findFirst();
            }
        });
    }

    /** The camera's most recent segment, if any. */
    public Optional<Segment> latest(String serial) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "WHERE camera_serial = ? ORDER BY start_us DESC, id DESC LIMIT 1")) {
                p.setString(1, serial);
                return readSegments(p).stream().findFirst();
            }
        });
    }

    /** Records a gap; returns its id. */
    public long addGap(String serial, long fromMicros, long toMicros, String reason) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO recording_gaps (camera_serial, start_us, "
                    + "end_us, reason, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                p.setLong(3, toMicros);
                p.setString(4, reason);
                p.setLong(5, System.currentTimeMillis());
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Gaps of a camera that overlap {@code [fromMicros, toMicros)}, in time order. */
    public List<RecordingGap> gaps(String serial, long fromMicros, long toMicros) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, camera_serial, start_us, end_us, reason "
                    + "FROM recording_gaps WHERE camera_serial = ? AND end_us > ? AND start_us < ? "
                    + "ORDER BY start_us, id")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                p.setLong(3, toMicros);
                try (ResultSet rs = p.executeQuery()) {
                    List<RecordingGap> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new RecordingGap(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4),
                                rs.getString(5)));
                    }
                    return out;
                }
            }
        });
    }

    /** Forgets a segment (retention); the caller deletes the file afterwards. */
    public boolean remove(long id) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM segments WHERE id = ?")) {
                p.setLong(1, id);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Cameras with at least one segment or gap. */
    public List<String> cameras() {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT camera_serial FROM segments UNION "
                    + "SELECT camera_serial FROM recording_gaps ORDER BY 1");
                 ResultSet rs = p.executeQuery()) {
                List<String> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        });
    }

    /** A camera's oldest segments that start in {@code [fromMicros, toMicros)}, oldest first. */
    public List<Segment> oldest(String serial, long fromMicros, long toMicros, int limit) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "WHERE camera_serial = ? AND start_us >= ? AND start_us < ? ORDER BY start_us, id LIMIT ?")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                p.setLong(3, toMicros);
                p.setInt(4, limit);
                return readSegments(p);
            }
        });
    }

    /**
     * A camera's oldest segments of one kind (event clips, or continuous video) that start in
     * {@code [fromMicros, toMicros)}, oldest first.
     */
    public List<Segment> oldest(String serial, long fromMicros, long toMicros, boolean eventClips, int limit) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "WHERE camera_serial = ? AND start_us >= ? AND start_us < ? AND event_clip = ? "
                    + "ORDER BY start_us, id LIMIT ?")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                p.setLong(3, toMicros);
                p.setInt(4, eventClips ? 1 : 0);
                p.setInt(5, limit);
                return readSegments(p);
            }
        });
    }

    /** Makes a gap longer (an idle stretch of a camera that records events only goes on); false if it is gone. */
    public boolean extendGap(long id, long toMicros) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE recording_gaps SET end_us = ? WHERE id = ?")) {
                p.setLong(1, toMicros);
                p.setLong(2, id);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** The node's oldest segments, whatever the camera, oldest first (a full disk frees these). */
    public List<Segment> oldestOverall(int limit) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT " + SEGMENT_COLUMNS + " FROM segments "
                    + "ORDER BY start_us, id LIMIT ?")) {
                p.setInt(1, limit);
                return readSegments(p);
            }
        });
    }

    /** Bytes of all segments of a camera. */
    public long totalBytes(String serial) {
        return totalBytes(serial, Long.MIN_VALUE);
    }

    /** Bytes of a camera's segments that start at or after {@code fromMicros}. */
    public long totalBytes(String serial, long fromMicros) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT COALESCE(SUM(size_bytes), 0) FROM segments WHERE camera_serial = ? AND start_us >= ?")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                try (ResultSet rs = p.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    /** Storage key → segment id of every segment (the start-up check that index and files agree). */
    public java.util.Map<String, Long> storageKeys() {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT storage_key, id FROM segments");
                 ResultSet rs = p.executeQuery()) {
                java.util.Map<String, Long> out = new java.util.HashMap<>();
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
                return out;
            }
        });
    }

    /**
     * Forgets a camera's gaps that start in {@code [fromMicros, toMicros)} and ended before
     * {@code cutoffMicros} (retention, erasure); returns how many.
     */
    public int removeGaps(String serial, long fromMicros, long toMicros, long cutoffMicros) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM recording_gaps WHERE camera_serial = ? "
                    + "AND start_us >= ? AND start_us < ? AND end_us <= ?")) {
                p.setString(1, serial);
                p.setLong(2, fromMicros);
                p.setLong(3, toMicros);
                p.setLong(4, cutoffMicros);
                return p.executeUpdate();
            }
        });
    }

    private static List<Segment> readSegments(PreparedStatement p) throws SQLException {
        try (ResultSet rs = p.executeQuery()) {
            List<Segment> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Segment(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getLong(6), rs.getLong(7), rs.getInt(8), rs.getInt(9), rs.getLong(10), rs.getLong(11),
                        rs.getString(12), rs.getInt(13), rs.getInt(14), rs.getInt(15) == 1, rs.getLong(16),
                        rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getInt(20) == 1));
            }
            return out;
        }
    }
}
