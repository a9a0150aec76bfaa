package camcloud.cloud.ownership;

import camcloud.cloud.control.CameraSettingsStore;
import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.ClaimResult;
import camcloud.cloud.device.Device;
import camcloud.cloud.device.DeviceStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who owns a camera, and who owned it when ({@code camera_ownerships}). A claim opens an ownership
 * and a release closes it, each in the same transaction as the change of {@code devices.owner_id},
 * so the history and the current owner never disagree. Releasing also ends the camera's shares and
 * drops its recording settings and its camera settings and reported state: the next owner starts from
 * the defaults, not the last owner's choices.
 *
 * <p>Ownership times are cloud time in epoch microseconds from {@code clock}, the timeline segments
 * are indexed on. Listeners hear of every change after it is committed (the recorder cuts the
 * camera's segment there, live viewers are re-checked) — on every node: a change made on another node
 * arrives through the cluster ({@link #changedElsewhere}).
 */
public final class Ownerships {

    /** What a releasing owner chose for the video recorded while the camera was theirs. */
    public enum Recordings {
        /** The former owner keeps them, and only they see them, until retention deletes them. */
        KEEP,
        /** Deleted with the release. */
        DELETE
    }

    /** Hears of a camera changing hands (claimed or released) at {@code atMicros}. */
    public interface Listener {
        void ownerChanged(String serial, long atMicros);
    }

    private static final String COLUMNS = "id, camera_serial, owner_id, from_us, to_us, recordings, retention_days, name";

    private final Database db;
    private final Clock clock;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private volatile Listener relay = (serial, atMicros) -> { };

    public Ownerships(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Adds a listener; returns what removes it again. */
    public Runnable onOwnerChanged(Listener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Tells {@code toOtherNodes} of every change made on this node, after its listeners (the cluster
     * carries it to the other nodes, whose {@link #changedElsewhere} tells theirs).
     */
    public void relayChanges(Listener toOtherNodes) {
        this.relay = toOtherNodes;
    }

    /**
     * Another node changed the camera's owner (already committed): this node's listeners cut the
     * camera's recording and end what the last owner had here, as for a change made here.
     */
    public void changedElsewhere(String serial, long atMicros) {
        for (Listener l : listeners) {
            l.ownerChanged(serial, atMicros);
        }
    }

    /**
     * Gives the camera with {@code typedCode} to the user, if nobody owns it, and opens their
     * ownership. The transaction takes SQLite's write lock at BEGIN, so many simultaneous claims of
     * one code wait for each other and exactly one conditional UPDATE wins.
     */
    public ClaimResult claim(long userId, String typedCode, String name) {
        String code = ClaimCode.normalize(typedCode);
        if (code == null) {
            return new ClaimResult.UnknownCode();
        }
        String hash = ClaimCode.hash(code);
        long now = nowMicros();
        ClaimResult result = db.transaction(c -> {
            int updated;
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET owner_id = ?, name = ?, claimed_at = ? "
                    + "WHERE claim_code_hash = ? AND owner_id IS NULL")) {
                p.setLong(1, userId);
                p.setString(2, name);
                p.setLong(3, now / 1000);
                p.setString(4, hash);
                updated = p.executeUpdate();
            }
            Optional<Device> found = DeviceStore.findByCodeHash(c, hash);
            if (found.isEmpty()) {
                return new ClaimResult.UnknownCode();
            }
            Device device = found.get();
            if (updated != 1) {
                return new ClaimResult.AlreadyClaimed(device.ownerId() != null && device.ownerId() == userId);
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO camera_ownerships (camera_serial, owner_id, from_us) VALUES (?, ?, ?)")) {
                p.setString(1, device.serial());
                p.setLong(2, userId);
                p.setLong(3, now);
                p.executeUpdate();
            }
            return new ClaimResult.Claimed(device);
        });
        if (result instanceof ClaimResult.Claimed claimed) {
            changed(claimed.device().serial(), now);
        }
        return result;
    }

    /**
     * The owner gives the camera up: its label's code works again, its shares end, its recording
     * settings go, and the ownership closes with the owner's choice for its recordings (deleting them
     * is the caller's next step: see {@link #forget}). Empty when the user does not own the camera.
     */
    public Optional<Ownership> release(long userId, String serial, Recordings recordings) {
        long now = nowMicros();
        Optional<Ownership> released = db.transaction(c -> {
            String name;
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT name FROM devices WHERE owner_id = ? AND serial = ?")) {
                p.setLong(1, userId);
                p.setString(2, serial);
                try (ResultSet rs = p.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Ownership>empty();
                    }
                    name = rs.getString(1);
                }
            }
            Integer retentionDays = retentionDays(c, serial);
            update(c, "UPDATE devices SET owner_id = NULL, name = NULL, claimed_at = NULL WHERE serial = ?", serial);
            update(c, "DELETE FROM recording_settings WHERE camera_serial = ?", serial);
            CameraSettingsStore.clear(c, serial);
            Optional<Ownership> open = current(c, serial);
            long id;
            if (open.isPresent() && open.get().ownerId() == userId) {
                id = open.get().id();
            } else {
                // No history row (cannot happen after V005, which opened one for every owned camera):
                // record the ownership as if it began now, so nothing recorded before is handed out.
                id = insertOwnership(c, serial, userId, now);
            }
            try (PreparedStatement p = c.prepareStatement("UPDATE camera_ownerships SET to_us = ?, recordings = ?, "
                    + "retention_days = ?, name = ? WHERE id = ?")) {
                p.setLong(1, now);
                p.setString(2, recordings == Recordings.KEEP ? "kept" : "deleted");
                p.setObject(3, retentionDays);
                p.setString(4, name);
                p.setLong(5, id);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement("DELETE FROM camera_shares WHERE ownership_id = ?")) {
                p.setLong(1, id);
                p.executeUpdate();
            }
            return byId(c, id);
        });
        released.ifPresent(o -> changed(serial, now));
        return released;
    }

    /** Marks a closed ownership's recordings as deleted (after they were erased). */
    public void forget(Ownership ownership) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE camera_ownerships SET recordings = 'deleted' WHERE id = ? AND to_us IS NOT NULL")) {
                p.setLong(1, ownership.id());
                return p.executeUpdate();
            }
        });
    }

    /** Every ownership of the camera, oldest first. */
    public List<Ownership> of(String serial) {
        return db.query(c -> list(c, "SELECT " + COLUMNS + " FROM camera_ownerships WHERE camera_serial = ? "
                + "ORDER BY from_us, id", p -> p.setString(1, serial)));
    }

    /** The camera's open ownership, if someone owns it. */
    public Optional<Ownership> current(String serial) {
        return db.query(c -> current(c, serial));
    }

    /** A camera the user released and whose recordings they kept: what their list shows of it. */
    public record Former(String serial, String name, long releasedMicros) {
    }

    /** Cameras the user owned, released with their recordings kept, and does not own now. */
    public List<Former> formerCameras(long userId) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT o.camera_serial, o.name, o.to_us "
                    + "FROM camera_ownerships o JOIN devices d ON d.serial = o.camera_serial "
                    + "WHERE o.owner_id = ? AND o.to_us IS NOT NULL AND o.recordings = 'kept' "
                    + "AND (d.owner_id IS NULL OR d.owner_id <> o.owner_id) ORDER BY o.to_us DESC")) {
                p.setLong(1, userId);
                try (ResultSet rs = p.executeQuery()) {
                    List<Former> out = new ArrayList<>();
                    java.util.Set<String> seen = new java.util.HashSet<>();
                    while (rs.next()) {
                        if (seen.add(rs.getString(1))) { // the latest release names the camera
                            out.add(new Former(rs.getString(1), rs.getString(2), rs.getLong(3)));
                        }
                    }
                    return out;
                }
            }
        });
    }

    private long nowMicros() {
        return clock.millis() * 1000;
    }

    private void changed(String serial, long atMicros) {
        changedElsewhere(serial, atMicros); // the same listeners, wherever the change was made
        relay.ownerChanged(serial, atMicros);
    }

    private static Integer retentionDays(Connection c, String serial) throws SQLException {
        return Rows.first(c, "SELECT retention_days FROM recording_settings WHERE camera_serial = ?",
                p -> p.setString(1, serial), rs -> Rows.nullableInt(rs, 1)).orElse(null);
    }

    private static long insertOwnership(Connection c, String serial, long userId, long fromMicros)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO camera_ownerships (camera_serial, owner_id, "
                + "from_us) VALUES (?, ?, ?) RETURNING id")) {
            p.setString(1, serial);
            p.setLong(2, userId);
            p.setLong(3, fromMicros);
            try (ResultSet rs = p.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, String serial) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, serial);
            p.executeUpdate();
        }
    }

    private static Optional<Ownership> current(Connection c, String serial) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM camera_ownerships WHERE camera_serial = ? AND to_us IS NULL "
                + "ORDER BY from_us DESC, id DESC", p -> p.setString(1, serial)).stream().findFirst();
    }

    private static Optional<Ownership> byId(Connection c, long id) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM camera_ownerships WHERE id = ?", p -> p.setLong(1, id))
                .stream().findFirst();
    }

    private static List<Ownership> list(Connection c, String sql, Rows.Binder binder) throws SQLException {
        return Rows.list(c, sql, binder, rs -> new Ownership(rs.getLong(1), rs.getString(2), rs.getLong(3),
                rs.getLong(4), Rows.nullableLong(rs, 5), "kept".equals(rs.getString(6)), Rows.nullableInt(rs, 7), rs.getString(8)));
    }
}
