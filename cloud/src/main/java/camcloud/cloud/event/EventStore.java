package camcloud.cloud.event;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code events} table (V007): one row per camera event, keyed by the camera and its own event
 * id, so a START or END the camera sends again changes nothing. Blocking: never call from an event
 * loop.
 */
public final class EventStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, public_id, camera_serial, type, zone, start_us, end_us, score, "
            + "details, snapshot_key";

    /** A stored event with the row id that orders it, its exact start and where its snapshot is. */
    public record Row(long rowId, long startMicros, StoredEvent event, String snapshotKey) {
    }

    /** What an END did. */
    enum Ended { ENDED, ALREADY_ENDED, NO_START }

    private final Database db;

    EventStore(Database db) {
        this.db = db;
    }

    static String newPublicId() {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    Optional<Row> byCameraEventId(String serial, String cameraEventId) {
        return db.query(c -> Rows.first(c, "SELECT " + COLUMNS + " FROM events WHERE camera_serial = ? "
                + "AND camera_event_id = ?", p -> {
                    p.setString(1, serial);
                    p.setString(2, cameraEventId);
                }, EventStore::row));
    }

    Optional<Row> byPublicId(String publicId) {
        return db.query(c -> Rows.first(c, "SELECT " + COLUMNS + " FROM events WHERE public_id = ?",
                p -> p.setString(1, publicId), EventStore::row));
    }

    /** Inserts a started event; false when the camera's event id was there already (nothing changed). */
    boolean insertStart(String publicId, String serial, String cameraEventId, String type, String zone,
                        long startMicros, float score, Map<String, String> details, String snapshotKey) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO events (public_id, camera_serial, "
                    + "camera_event_id, type, zone, start_us, score, details, snapshot_key, created_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT (camera_serial, camera_event_id) DO NOTHING")) {
                p.setString(1, publicId);
                p.setString(2, serial);
                p.setString(3, cameraEventId);
                p.setString(4, type);
                p.setString(5, zone);
                p.setLong(6, startMicros);
                p.setDouble(7, score);
                p.setString(8, json(details));
                p.setString(9, snapshotKey);
                p.setLong(10, System.currentTimeMillis());
                return p.executeUpdate() == 1;
            }
        });
    }

    /**
     * Ends the event: its end time (never before its start), the higher of the two scores, the END's
     * details over the START's.
     */
    Ended end(String serial, String cameraEventId, long endMicros, float score, Map<String, String> details) {
        return db.transaction(c -> {
            Optional<Row> found = Rows.first(c, "SELECT " + COLUMNS + " FROM events WHERE camera_serial = ? "
                    + "AND camera_event_id = ?", p -> {
                        p.setString(1, serial);
                        p.setString(2, cameraEventId);
                    }, EventStore::row);
            if (found.isEmpty()) {
                return Ended.NO_START;
            }
            StoredEvent e = found.get().event();
            if (e.endMillis().isPresent()) {
                return Ended.ALREADY_ENDED;
            }
            java.util.HashMap<String, String> merged = new java.util.HashMap<>(e.details());
            merged.putAll(details);
            if (merged.size() > EventFrameCheck.MAX_DETAILS * 2) {
                merged = new java.util.HashMap<>(e.details());
            }
            // CASE rather than SQLite's scalar MAX(a, b), which PostgreSQL does not have
            try (PreparedStatement p = c.prepareStatement("UPDATE events SET "
                    + "end_us = CASE WHEN start_us > ? THEN start_us ELSE ? END, "
                    + "score = CASE WHEN score > ? THEN score ELSE ? END, details = ? WHERE id = ?")) {
                p.setLong(1, endMicros);
                p.setLong(2, endMicros);
                p.setDouble(3, score);
                p.setDouble(4, score);
                p.setString(5, json(merged));
                p.setLong(6, found.get().rowId());
                p.executeUpdate();
            }
            return Ended.ENDED;
        });
    }

    /** Where a page of results ends: the next page starts before it. */
    public record Cursor(long startMicros, long rowId) {
    }

    /** One camera and the stretches of its timeline the caller may see. */
    public record Visible(String serial, List<long[]> windows) {
    }

    /**
     * Newest first: events of the given cameras that started inside their windows, of the given types
     * (empty: all), started in {@code [fromMicros, toMicros)}, before {@code before} (null: from the
     * newest), at most {@code limit}.
     */
    List<Row> page(List<Visible> cameras, Set<String> types, long fromMicros, long toMicros, Cursor before,
                   int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM events WHERE (");
        boolean any = false;
        for (Visible v : cameras) {
            for (long[] w : v.windows()) {
                sql.append(any ? " OR " : "").append("(camera_serial = ? AND start_us >= ? AND start_us < ?)");
                args.add(v.serial());
                args.add(w[0]);
                args.add(w[1]);
                any = true;
            }
        }
        if (!any) {
            return List.of();
        }
        sql.append(") AND start_us >= ? AND start_us < ?");
        args.add(fromMicros);
        args.add(toMicros);
        if (!types.isEmpty()) {
            sql.append(" AND type IN (").append("?,".repeat(types.size() - 1)).append("?)");
            args.addAll(types);
        }
        if (before != null) {
            sql.append(" AND (start_us < ? OR (start_us = ? AND id < ?))");
            args.add(before.startMicros());
            args.add(before.startMicros());
            args.add(before.rowId());
        }
        sql.append(" ORDER BY start_us DESC, id DESC LIMIT ?");
        args.add(limit);
        return db.query(c -> Rows.list(c, sql.toString(), p -> {
            for (int i = 0; i < args.size(); i++) {
                p.setObject(i + 1, args.get(i));
            }
        }, EventStore::row));
    }

    /**
     * Deletes the camera's events that started in {@code [fromMicros, toMicros)}; returns the snapshot
     * keys they had (the caller deletes those objects after the rows).
     */
    List<String> deleteStartedIn(String serial, long fromMicros, long toMicros) {
        return db.transaction(c -> {
            List<String> keys = Rows.list(c, "SELECT snapshot_key FROM events WHERE camera_serial = ? "
                    + "AND start_us >= ? AND start_us < ? AND snapshot_key IS NOT NULL", p -> bindPeriod(p, serial,
                    fromMicros, toMicros), rs -> rs.getString(1));
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM events WHERE camera_serial = ? AND start_us >= ? AND start_us < ?")) {
                bindPeriod(p, serial, fromMicros, toMicros);
                p.executeUpdate();
            }
            return keys;
        });
    }

    /** Every camera that has events. */
    List<String> cameras() {
        return db.query(c -> Rows.list(c, "SELECT DISTINCT camera_serial FROM events", p -> { },
                rs -> rs.getString(1)));
    }

    /** Every snapshot key the table names (for the start-up check against the store). */
    Set<String> snapshotKeys() {
        return new java.util.HashSet<>(db.query(c -> Rows.list(c,
                "SELECT snapshot_key FROM events WHERE snapshot_key IS NOT NULL", p -> { }, rs -> rs.getString(1))));
    }

    private static void bindPeriod(PreparedStatement p, String serial, long from, long to) throws SQLException {
        p.setString(1, serial);
        p.setLong(2, from);
        p.setLong(3, to);
    }

    private static Row row(ResultSet rs) throws SQLException {
        Long end = Rows.nullableLong(rs, 7);
        String key = rs.getString(10);
        StoredEvent e = new StoredEvent(rs.getString(2), rs.getString(3), rs.getString(4),
                Optional.ofNullable(rs.getString(5)), rs.getLong(6) / 1000,
                end == null ? Optional.empty() : Optional.of(end / 1000), (float) rs.getDouble(8),
                details(rs.getString(9)), key != null);
        return new Row(rs.getLong(1), rs.getLong(6), e, key);
    }

    private static String json(Map<String, String> details) {
        try {
            return JSON.writeValueAsString(details);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event details", e);
        }
    }

    private static Map<String, String> details(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, String>>() { });
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }
}
