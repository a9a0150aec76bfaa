package camcloud.cloud.recording;

import camcloud.cloud.db.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Marks on store objects whose fate a crash could leave open: a segment object about to be committed
 * (until its index row is), and a continued segment's old object (until it is deleted). Start-up
 * recovery resolves what marks remain ({@link RecordingRecovery}), so it never lists the whole store:
 * with S3 that listing would cost a request per thousand objects at every start.
 *
 * <p>A mark names the node that set it; a node resolves its own marks, and marks no node has touched
 * for {@link #STALE_MILLIS} (their node is gone: a live node refreshes a mark at every try).
 */
public final class RecordingMarks {

    /** Older marks belong to a node that stopped trying; a live one retries at least every 30 s. */
    public static final long STALE_MILLIS = 10 * 60_000L;

    /** A mark left behind. */
    public record Mark(String storageKey, String cameraSerial) {
    }

    private final Database db;
    private final String nodeId;

    public RecordingMarks(Database db, String nodeId) {
        this.db = db;
        this.nodeId = nodeId == null || nodeId.isBlank() ? "local" : nodeId;
    }

    /** Marks {@code key} before it is written to the store (or refreshes the mark). */
    public void pending(String serial, String key) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("INSERT INTO recording_marks (storage_key, camera_serial, "
                    + "node_id, marked_at) VALUES (?, ?, ?, ?) ON CONFLICT (storage_key) DO UPDATE SET "
                    + "node_id = excluded.node_id, marked_at = excluded.marked_at")) {
                p.setString(1, key);
                p.setString(2, serial);
                p.setString(3, nodeId);
                p.setLong(4, System.currentTimeMillis());
                return p.executeUpdate();
            }
        });
    }

    /** The object's fate is settled (its row is committed, or it is deleted). */
    public void done(String key) {
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM recording_marks WHERE storage_key = ?")) {
                p.setString(1, key);
                return p.executeUpdate();
            }
        });
    }

    /** Every mark, whichever node set it (the whole-store check leaves these objects alone). */
    public List<Mark> all() {
        return select(Long.MIN_VALUE, n -> true);
    }

    /**
     * The marks this node must resolve at start: its own, those of nodes {@code alive} says are gone
     * (the cluster directory knows), and stale ones of any node.
     */
    public List<Mark> left(long nowMillis, java.util.function.Predicate<String> alive) {
        return select(nowMillis - STALE_MILLIS, node -> node.equals(nodeId) || !alive.test(node));
    }

    /** As {@link #left(long, java.util.function.Predicate)}, every other node taken for alive. */
    public List<Mark> left(long nowMillis) {
        return left(nowMillis, node -> true);
    }

    private List<Mark> select(long staleBefore, java.util.function.Predicate<String> mine) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT storage_key, camera_serial, node_id, marked_at "
                    + "FROM recording_marks ORDER BY storage_key")) {
                try (ResultSet rs = p.executeQuery()) {
                    List<Mark> out = new ArrayList<>();
                    while (rs.next()) {
                        if (mine.test(rs.getString(3)) || rs.getLong(4) < staleBefore) {
                            out.add(new Mark(rs.getString(1), rs.getString(2)));
                        }
                    }
                    return out;
                }
            }
        });
    }
}
