package camcloud.cloud.device;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Registered cameras and their current owner. Every method that touches a user's camera takes the
 * user's id and filters on it in SQL, so a caller cannot reach another user's camera by forgetting a
 * check. Changing hands (claim, release) and the history of owners are {@code ownership.Ownerships}.
 */
public final class DeviceStore {

    private static final String COLUMNS = "id, serial, mac, model, public_key, certificate, registered_at, "
            + "owner_id, name, claimed_at, firmware_version, last_seen_at, last_address";

    private static final String INSERT = "INSERT INTO devices (serial, mac, model, public_key, certificate, "
            + "claim_code_hash, registered_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
    /** Serials looked up per statement: well under SQLite's oldest limit of 999 parameters. */
    private static final int LOOKUP_CHUNK = 500;

    private final Database db;

    public DeviceStore(Database db) {
        this.db = db;
    }

    /** A camera fresh from the factory line. */
    public record Registration(String serial, String mac, String model, byte[] publicKey, byte[] certificate,
                               String claimCode) {
    }

    /** Thrown when the serial is already registered; a factory must not reuse serials. */
    public static final class DuplicateSerialException extends RuntimeException {
        private final String serial;

        public DuplicateSerialException(String serial) {
            super("serial " + serial + " is already registered");
            this.serial = serial;
        }

        public String serial() {
            return serial;
        }
    }

    public Device register(Registration r) {
        return db.transaction(c -> {
            if (findBySerial(c, r.serial()).isPresent()) {
                throw new DuplicateSerialException(r.serial());
            }
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
                bindInsert(p, r, System.currentTimeMillis());
                p.executeUpdate();
            }
            return findBySerial(c, r.serial()).orElseThrow();
        });
    }

    /**
     * Registers every camera of a factory batch in one transaction: all of them, or none when one
     * serial is already registered ({@link DuplicateSerialException} naming it). The caller has made
     * sure the batch names each serial once. One statement batch and one commit for the lot, so a
     * thousand cameras cost about what one does.
     */
    public void registerAll(List<Registration> batch) {
        if (batch.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            for (int from = 0; from < batch.size(); from += LOOKUP_CHUNK) {
                List<Registration> chunk = batch.subList(from, Math.min(batch.size(), from + LOOKUP_CHUNK));
                String taken = firstRegistered(c, chunk);
                if (taken != null) {
                    throw new DuplicateSerialException(taken);
                }
            }
            long now = System.currentTimeMillis();
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
                for (Registration r : batch) {
                    bindInsert(p, r, now);
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    /** The first serial of {@code chunk} already registered, or null. */
    private static String firstRegistered(Connection c, List<Registration> chunk) throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(chunk.size(), "?"));
        List<String> taken = Rows.list(c, "SELECT serial FROM devices WHERE serial IN (" + marks + ") ORDER BY serial",
                ps -> {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i).serial());
                    }
                }, rs -> rs.getString(1));
        return taken.isEmpty() ? null : taken.get(0);
    }

    private static void bindInsert(PreparedStatement p, Registration r, long now) throws SQLException {
        p.setString(1, r.serial());
        p.setString(2, r.mac());
        p.setString(3, r.model());
        p.setBytes(4, r.publicKey());
        p.setBytes(5, r.certificate());
        p.setString(6, ClaimCode.hash(ClaimCode.normalize(r.claimCode())));
        p.setLong(7, now);
    }

    public Optional<Device> findBySerial(String serial) {
        return db.query(c -> findBySerial(c, serial));
    }

    /** All cameras, for operators. */
    public List<Device> all() {
        return db.query(c -> list(c, "SELECT " + COLUMNS + " FROM devices ORDER BY serial", ps -> { }));
    }

    /** The user's cameras, by name (any case; unnamed first) then serial. */
    public List<Device> ownedBy(long userId) {
        return db.query(c -> list(c, "SELECT " + COLUMNS + " FROM devices WHERE owner_id = ? "
                + "ORDER BY CASE WHEN name IS NULL THEN 0 ELSE 1 END, LOWER(name), serial", ps -> ps.setLong(1, userId)));
    }

    /** The camera if, and only if, the user owns it. */
    public Optional<Device> ownedBy(long userId, String serial) {
        return db.query(c -> list(c, "SELECT " + COLUMNS + " FROM devices WHERE owner_id = ? AND serial = ?",
                ps -> {
                    ps.setLong(1, userId);
                    ps.setString(2, serial);
                }).stream().findFirst());
    }

    /** False when the user does not own the camera. */
    public boolean rename(long userId, String serial, String name) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE devices SET name = ? WHERE owner_id = ? AND serial = ?")) {
                p.setString(1, name);
                p.setLong(2, userId);
                p.setString(3, serial);
                return p.executeUpdate() == 1;
            }
        });
    }

    /** Last contact of a camera, written in batches by {@link Presence}'s flusher. */
    public record Sighting(String serial, long seenAt, String address, String firmwareVersion) {
    }

    /** Writes many sightings in one transaction: one disk sync for the whole batch, not one per camera. */
    public void recordSightings(Collection<Sighting> sightings) {
        if (sightings.isEmpty()) {
            return;
        }
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE devices SET last_seen_at = ?, last_address = ?, "
                    + "firmware_version = COALESCE(?, firmware_version) WHERE serial = ?")) {
                for (Sighting s : sightings) {
                    p.setLong(1, s.seenAt());
                    p.setString(2, s.address());
                    if (s.firmwareVersion() == null) {
                        p.setNull(3, Types.VARCHAR);
                    } else {
                        p.setString(3, s.firmwareVersion());
                    }
                    p.setString(4, s.serial());
                    p.addBatch();
                }
                p.executeBatch();
            }
        });
    }

    /** The camera whose label code hashes to {@code codeHash}, within the caller's transaction. */
    public static Optional<Device> findByCodeHash(Connection c, String codeHash) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM devices WHERE claim_code_hash = ?", ps -> ps.setString(1, codeHash))
                .stream().findFirst();
    }

    private static Optional<Device> findBySerial(Connection c, String serial) throws SQLException {
        return list(c, "SELECT " + COLUMNS + " FROM devices WHERE serial = ?", ps -> ps.setString(1, serial))
                .stream().findFirst();
    }

    private static List<Device> list(Connection c, String sql, Rows.Binder binder) throws SQLException {
        return Rows.list(c, sql, binder, rs -> new Device(rs.getLong(1), rs.getString(2), rs.getString(3),
                rs.getString(4), rs.getBytes(5), rs.getBytes(6), rs.getLong(7), Rows.nullableLong(rs, 8),
                rs.getString(9), Rows.nullableLong(rs, 10), rs.getString(11), Rows.nullableLong(rs, 12),
                rs.getString(13)));
    }
}
