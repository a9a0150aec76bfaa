package camcloud.cloud.tag;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Tags operators put on cameras ({@code qa}, a site, a customer) to pick them for a rollout. A tag is
 * {@code [a-z0-9][a-z0-9._-]{0,63}}; {@link #check} refuses anything else, naming it, so what is stored
 * is always safe to show and to put in a URL.
 */
public final class CameraTags {

    private static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** Tags one camera may carry. */
    public static final int MAX_PER_CAMERA = 32;

    private final Database db;

    public CameraTags(Database db) {
        this.db = db;
    }

    /** {@code tag} if it is a valid tag; otherwise an {@link IllegalArgumentException} naming it. */
    public static String check(String tag) {
        if (tag == null || !TAG.matcher(tag).matches()) {
            String shown = tag == null ? "null" : tag.length() > 40 ? tag.substring(0, 40) + "…" : tag;
            throw new IllegalArgumentException("'" + shown.replaceAll("\\p{Cntrl}", "?")
                    + "' is not a tag: lower-case letters, digits, '.', '_' and '-', starting with a letter or "
                    + "digit, at most 64 characters");
        }
        return tag;
    }

    /** Replaces the tags of {@code serial} with {@code tags}; returns them sorted. */
    public List<String> set(String serial, Collection<String> tags) {
        Set<String> sorted = new TreeSet<>();
        for (String tag : tags) {
            sorted.add(check(tag));
        }
        if (sorted.size() > MAX_PER_CAMERA) {
            throw new IllegalArgumentException("a camera carries at most " + MAX_PER_CAMERA + " tags");
        }
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM camera_tags WHERE camera_serial = ?")) {
                p.setString(1, serial);
                p.executeUpdate();
            }
            insert(c, sorted.stream().map(t -> new String[] {serial, t}).toList());
        });
        return List.copyOf(sorted);
    }

    /** Puts {@code tag} on every camera of {@code add} and takes it off every one of {@code remove}, at once. */
    public void change(String tag, Collection<String> add, Collection<String> remove) {
        check(tag);
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM camera_tags WHERE camera_serial = ? AND tag = ?")) {
                for (String serial : new TreeSet<>(remove)) {
                    p.setString(1, serial);
                    p.setString(2, tag);
                    p.addBatch();
                }
                p.executeBatch();
            }
            insert(c, new TreeSet<>(add).stream().map(s -> new String[] {s, tag}).toList());
        });
    }

    private static void insert(Connection c, List<String[]> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO camera_tags (camera_serial, tag) VALUES (?, ?) "
                + "ON CONFLICT (camera_serial, tag) DO NOTHING")) {
            for (String[] row : rows) {
                p.setString(1, row[0]);
                p.setString(2, row[1]);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The tags of {@code serial}, sorted. */
    public List<String> of(String serial) {
        return db.query(c -> Rows.list(c, "SELECT tag FROM camera_tags WHERE camera_serial = ? ORDER BY tag",
                p -> p.setString(1, serial), rs -> rs.getString(1)));
    }

    /** Every tagged camera's tags, sorted. */
    public Map<String, List<String>> all() {
        return db.query(CameraTags::all);
    }

    /** {@link #all()} inside the caller's transaction. */
    public static Map<String, List<String>> all(Connection c) throws SQLException {
        Map<String, List<String>> out = new HashMap<>();
        Rows.list(c, "SELECT camera_serial, tag FROM camera_tags ORDER BY camera_serial, tag",
                p -> { }, rs -> out.computeIfAbsent(rs.getString(1), s -> new ArrayList<>()).add(rs.getString(2)));
        return out;
    }

    /** The cameras carrying {@code tag}. */
    public Set<String> camerasWith(String tag) {
        return db.query(c -> camerasWith(c, tag));
    }

    /** {@link #camerasWith(String)} inside the caller's transaction. */
    public static Set<String> camerasWith(Connection c, String tag) throws SQLException {
        List<String> serials = Rows.list(c, "SELECT camera_serial FROM camera_tags WHERE tag = ?",
                p -> p.setString(1, tag), rs -> rs.getString(1));
        return new TreeSet<>(serials);
    }
}
