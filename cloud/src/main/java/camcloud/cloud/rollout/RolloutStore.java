package camcloud.cloud.rollout;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The rollout tables (V013): rollouts, their waves and cameras. Methods taking a {@link Connection}
 * run inside the caller's transaction; the others run on their own.
 */
final class RolloutStore {

    private static final String ROLLOUT = "id, model, version, state, pause_reason, settings, success_threshold, "
            + "error_threshold, min_finished, camera_timeout_ms, settle_ms, max_downloads, goes_back_from, created_at, "
            + "started_at, ended_at";
    private static final String WAVE = "rollout_id, wave_index, label, state, started_at, ended_at";
    private static final String CAMERA = "camera_serial, wave_index, offer_order, state, reason, detail, from_version, "
            + "offered_at, came_back_at, updated_at";

    private final Database db;

    RolloutStore(Database db) {
        this.db = db;
    }

    Database db() {
        return db;
    }

    // ---- creation

    static long insertRollout(Connection c, String model, String version, String state, String settingsJson,
                              RolloutSettings s, Long goesBackFrom, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollouts (model, version, state, settings, "
                + "success_threshold, error_threshold, min_finished, camera_timeout_ms, settle_ms, max_downloads, "
                + "goes_back_from, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            p.setString(1, model);
            p.setString(2, version);
            p.setString(3, state);
            p.setString(4, settingsJson);
            p.setInt(5, s.successThreshold());
            p.setInt(6, s.errorThreshold());
            p.setInt(7, s.minFinished());
            p.setLong(8, s.cameraTimeout().toMillis());
            p.setLong(9, s.settle().toMillis());
            p.setInt(10, s.maxConcurrentDownloads());
            if (goesBackFrom == null) {
                p.setNull(11, Types.BIGINT);
            } else {
                p.setLong(11, goesBackFrom);
            }
            p.setLong(12, now);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    static void insertWaves(Connection c, long rolloutId, List<WavePlan.Wave> waves) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_waves (rollout_id, wave_index, label, state) "
                + "VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < waves.size(); i++) {
                p.setLong(1, rolloutId);
                p.setInt(2, i);
                p.setString(3, waves.get(i).label());
                p.setString(4, RolloutWave.WAITING);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static void insertCameras(Connection c, long rolloutId, List<WavePlan.Wave> waves, Map<String, String> versions,
                              long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO rollout_cameras (rollout_id, camera_serial, "
                + "wave_index, offer_order, state, from_version, updated_at, active) VALUES (?, ?, ?, ?, ?, ?, ?, 1)")) {
            long order = 0;
            for (int i = 0; i < waves.size(); i++) {
                for (String serial : waves.get(i).cameras()) {
                    p.setLong(1, rolloutId);
                    p.setString(2, serial);
                    p.setInt(3, i);
                    p.setLong(4, order++);
                    p.setString(5, CameraState.PENDING.text());
                    p.setString(6, versions.get(serial));
                    p.setLong(7, now);
                    p.addBatch();
                }
            }
            p.executeBatch();
        }
    }

    /** Each camera of an active rollout, with that rollout's id. */
    static Map<String, Long> activeCameras(Connection c) throws SQLException {
        Map<String, Long> out = new HashMap<>();
        Rows.list(c, "SELECT camera_serial, rollout_id FROM rollout_cameras WHERE active = 1", p -> { },
                rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** Serial → last reported running version (null when never said) of every camera of {@code model}. */
    static Map<String, String> camerasOfModel(Connection c, String model) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        Rows.list(c, "SELECT serial, firmware_version FROM devices WHERE model = ?", p -> p.setString(1, model),
                rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    // ---- reading

    Optional<Rollout> rollout(long id) {
        return db.query(c -> rollout(c, id));
    }

    static Optional<Rollout> rollout(Connection c, long id) throws SQLException {
        return Rows.first(c, "SELECT " + ROLLOUT + " FROM rollouts WHERE id = ?", p -> p.setLong(1, id),
                RolloutStore::rollout);
    }

    /** Newest first. */
    List<Rollout> rollouts() {
        return db.query(c -> Rows.list(c, "SELECT " + ROLLOUT + " FROM rollouts ORDER BY id DESC", p -> { },
                RolloutStore::rollout));
    }

    /** The rollouts a driver follows: running, paused, or cancelled with cameras still updating. */
    List<Rollout> driven() {
        return db.query(c -> Rows.list(c, "SELECT " + ROLLOUT + " FROM rollouts r WHERE state IN ('running', 'paused') "
                + "OR (state = 'cancelled' AND EXISTS (SELECT 1 FROM rollout_cameras rc WHERE rc.rollout_id = r.id "
                + "AND rc.state IN ('offered', 'downloading', 'installing', 'rebooted'))) ORDER BY id",
                p -> { }, RolloutStore::rollout));
    }

    private static Rollout rollout(ResultSet rs) throws SQLException {
        RolloutSettings settings = new RolloutSettings(rs.getInt(7), rs.getInt(8), rs.getInt(9),
                Duration.ofMillis(rs.getLong(10)), Duration.ofMillis(rs.getLong(11)), rs.getInt(12));
        return new Rollout(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), settings, Rows.nullableLong(rs, 13), rs.getLong(14), Rows.nullableLong(rs, 15),
                Rows.nullableLong(rs, 16));
    }

    List<RolloutWave> waves(long rolloutId) {
        return db.query(c -> waves(c, rolloutId));
    }

    static List<RolloutWave> waves(Connection c, long rolloutId) throws SQLException {
        return Rows.list(c, "SELECT " + WAVE + " FROM rollout_waves WHERE rollout_id = ? ORDER BY wave_index",
                p -> p.setLong(1, rolloutId), rs -> new RolloutWave(rs.getLong(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), Rows.nullableLong(rs, 5), Rows.nullableLong(rs, 6)));
    }

    /** Cameras per wave and state. */
    Map<Integer, Map<CameraState, Integer>> counts(long rolloutId) {
        return db.query(c -> {
            Map<Integer, Map<CameraState, Integer>> out = new TreeMap<>();
            Rows.list(c, "SELECT wave_index, state, COUNT(*) FROM rollout_cameras WHERE rollout_id = ? "
                    + "GROUP BY wave_index, state", p -> p.setLong(1, rolloutId),
                    rs -> out.computeIfAbsent(rs.getInt(1), w -> new EnumMap<>(CameraState.class))
                            .put(CameraState.of(rs.getString(2)), rs.getInt(3)));
            return out;
        });
    }

    /** Cameras of the rollout, in offer order; {@code state} null for all. */
    List<RolloutCamera> cameras(long rolloutId, CameraState state) {
        return db.query(c -> Rows.list(c, "SELECT " + CAMERA + " FROM rollout_cameras WHERE rollout_id = ?"
                + (state == null ? "" : " AND state = ?") + " ORDER BY offer_order", p -> {
                    p.setLong(1, rolloutId);
                    if (state != null) {
                        p.setString(2, state.text());
                    }
                }, RolloutStore::camera));
    }

    static List<RolloutCamera> cameras(Connection c, long rolloutId, Collection<CameraState> states)
            throws SQLException {
        String in = String.join(", ", states.stream().map(s -> "'" + s.text() + "'").toList());
        return Rows.list(c, "SELECT " + CAMERA + " FROM rollout_cameras WHERE rollout_id = ? AND state IN (" + in
                + ") ORDER BY offer_order", p -> p.setLong(1, rolloutId), RolloutStore::camera);
    }

    private static RolloutCamera camera(ResultSet rs) throws SQLException {
        return new RolloutCamera(rs.getString(1), rs.getInt(2), rs.getLong(3), CameraState.of(rs.getString(4)),
                rs.getString(5), rs.getString(6), rs.getString(7), Rows.nullableLong(rs, 8), Rows.nullableLong(rs, 9),
                rs.getLong(10));
    }

    // ---- changes

    static void setRolloutState(Connection c, long id, String state, String pauseReason, Long startedAt, Long endedAt)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE rollouts SET state = ?, pause_reason = ?, "
                + "started_at = COALESCE(started_at, ?), ended_at = COALESCE(ended_at, ?) WHERE id = ?")) {
            p.setString(1, state);
            p.setString(2, pauseReason);
            setNullable(p, 3, startedAt);
            setNullable(p, 4, endedAt);
            p.setLong(5, id);
            p.executeUpdate();
        }
        if (!state.equals(Rollout.DRAFT) && !state.equals(Rollout.RUNNING) && !state.equals(Rollout.PAUSED)) {
            try (PreparedStatement p = c.prepareStatement("UPDATE rollout_cameras SET active = 0 WHERE rollout_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
        }
    }

    static void setWaveState(Connection c, long rolloutId, int index, String state, Long startedAt, Long endedAt)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE rollout_waves SET state = ?, "
                + "started_at = COALESCE(started_at, ?), ended_at = COALESCE(ended_at, ?) "
                + "WHERE rollout_id = ? AND wave_index = ?")) {
            p.setString(1, state);
            setNullable(p, 2, startedAt);
            setNullable(p, 3, endedAt);
            p.setLong(4, rolloutId);
            p.setInt(5, index);
            p.executeUpdate();
        }
    }

    /**
     * Writes the camera's new state if it still is in {@code from}: the row is the truth a takeover
     * reads, so a camera moves once whatever two drivers believe. True when it moved.
     */
    static boolean moveCamera(Connection c, long rolloutId, RolloutCamera to, CameraState from) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE rollout_cameras SET state = ?, reason = ?, detail = ?, "
                + "came_back_at = ?, updated_at = ? WHERE rollout_id = ? AND camera_serial = ? AND state = ?")) {
            p.setString(1, to.state().text());
            p.setString(2, to.reason());
            p.setString(3, cut(to.detail()));
            setNullable(p, 4, to.cameBackAt());
            p.setLong(5, to.updatedAt());
            p.setLong(6, rolloutId);
            p.setString(7, to.serial());
            p.setString(8, from.text());
            return p.executeUpdate() == 1;
        }
    }

    /**
     * Pending → offered, only while the rollout runs and {@code nodeId} holds the driver lease: the
     * write that must be committed before the camera is told. True when it moved.
     */
    static boolean markOffered(Connection c, long rolloutId, String serial, String nodeId, long now)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE rollout_cameras SET state = 'offered', offered_at = ?, "
                + "updated_at = ? WHERE rollout_id = ? AND camera_serial = ? AND state = 'pending' "
                + "AND EXISTS (SELECT 1 FROM rollouts WHERE id = ? AND state = 'running') "
                + "AND EXISTS (SELECT 1 FROM rollout_driver WHERE id = 1 AND node_id = ? AND lease_until_ms > ?)")) {
            p.setLong(1, now);
            p.setLong(2, now);
            p.setLong(3, rolloutId);
            p.setString(4, serial);
            p.setLong(5, rolloutId);
            p.setString(6, nodeId);
            p.setLong(7, now);
            return p.executeUpdate() == 1;
        }
    }

    /** Every camera of the rollout in {@code from} goes to {@code to} with {@code detail}; returns their serials. */
    static List<String> moveAll(Connection c, long rolloutId, CameraState from, CameraState to, String detail,
                                long now) throws SQLException {
        List<String> serials = Rows.list(c, "SELECT camera_serial FROM rollout_cameras WHERE rollout_id = ? "
                + "AND state = ?", p -> {
                    p.setLong(1, rolloutId);
                    p.setString(2, from.text());
                }, rs -> rs.getString(1));
        try (PreparedStatement p = c.prepareStatement("UPDATE rollout_cameras SET state = ?, detail = ?, updated_at = ? "
                + "WHERE rollout_id = ? AND state = ?")) {
            p.setString(1, to.text());
            p.setString(2, detail);
            p.setLong(3, now);
            p.setLong(4, rolloutId);
            p.setString(5, from.text());
            p.executeUpdate();
        }
        return serials;
    }

    private static void setNullable(PreparedStatement p, int index, Long value) throws SQLException {
        if (value == null) {
            p.setNull(index, Types.BIGINT);
        } else {
            p.setLong(index, value);
        }
    }

    private static String cut(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }
}
