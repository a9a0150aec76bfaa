package camcloud.cloud.webhook;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The webhooks owners registered ({@code webhooks}), each with a secret the cloud generated. The
 * secret leaves the cloud once, in the answer to the registration, and is read again only to sign
 * deliveries ({@link #target}).
 */
public final class Webhooks {

    /** A registration's answer: the webhook and its secret, shown this once. */
    public record Created(Webhook webhook, String secret) {
        @Override
        public String toString() {
            return "Created[webhook=" + webhook + ", secret=***]";
        }
    }

    /** What a delivery needs: where to, and the key to sign with. */
    public record Target(long id, long userId, String url, String secret) {
        @Override
        public String toString() {
            return "Target[id=" + id + ", userId=" + userId + "]"; // the URL may hold a token too
        }
    }

    /** The owner already has as many webhooks as a user may. */
    public static final class TooMany extends RuntimeException {
        TooMany(int max) {
            super("an account may register at most " + max + " webhooks; delete one first", null, false, false);
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String COLUMNS = "id, user_id, url, kinds, created_at";

    private final Database db;
    private final Clock clock;
    private final int perUser;

    public Webhooks(Database db, Clock clock, int perUser) {
        this.db = db;
        this.clock = clock;
        this.perUser = perUser;
    }

    /** Registers a webhook whose URL the caller has checked ({@link WebhookUrlPolicy}); kinds from {@link WebhookKind#ALL}. */
    public Created register(long userId, String url, List<String> kinds) {
        String secret = newSecret();
        long now = clock.millis();
        long id = db.transaction(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT COUNT(*) FROM webhooks WHERE user_id = ?")) {
                p.setLong(1, userId);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next() && rs.getInt(1) >= perUser) {
                        throw new TooMany(perUser);
                    }
                }
            }
            try (PreparedStatement p = c.prepareStatement("INSERT INTO webhooks (user_id, url, kinds, secret, created_at) "
                    + "VALUES (?, ?, ?, ?, ?) RETURNING id")) {
                p.setLong(1, userId);
                p.setString(2, url);
                p.setString(3, String.join(",", kinds));
                p.setString(4, secret);
                p.setLong(5, now);
                try (ResultSet keys = p.executeQuery()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
        return new Created(new Webhook(id, userId, url, kinds, now), secret);
    }

    public List<Webhook> of(long userId) {
        return db.query(c -> Rows.list(c, "SELECT " + COLUMNS + " FROM webhooks WHERE user_id = ? ORDER BY id",
                p -> p.setLong(1, userId), Webhooks::webhook));
    }

    /** The user's webhook {@code id}; empty when there is none or it is someone else's. */
    public Optional<Webhook> find(long userId, long id) {
        return db.query(c -> Rows.first(c, "SELECT " + COLUMNS + " FROM webhooks WHERE user_id = ? AND id = ?",
                p -> {
                    p.setLong(1, userId);
                    p.setLong(2, id);
                }, Webhooks::webhook));
    }

    /** Deletes the user's webhook and its delivery log; false when there was none. */
    public boolean delete(long userId, long id) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM webhooks WHERE user_id = ? AND id = ?")) {
                p.setLong(1, userId);
                p.setLong(2, id);
                return p.executeUpdate() > 0;
            }
        });
    }

    /** The user's webhooks that chose {@code kind}. */
    public List<Target> receiving(long userId, String kind) {
        return db.query(c -> Rows.list(c, "SELECT id, user_id, url, kinds, secret FROM webhooks WHERE user_id = ?",
                p -> p.setLong(1, userId), rs -> Arrays.asList(rs.getString(4).split(",")).contains(kind)
                        ? new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(5)) : null))
                .stream().filter(t -> t != null).toList();
    }

    /** Webhook {@code id} with its secret, if it still exists. */
    public Optional<Target> target(long id) {
        return db.query(c -> Rows.first(c, "SELECT id, user_id, url, secret FROM webhooks WHERE id = ?",
                p -> p.setLong(1, id), rs -> new Target(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))));
    }

    /** 32 random bytes, URL-safe base64, with a prefix that makes a leaked one easy to recognise. */
    private static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static Webhook webhook(ResultSet rs) throws java.sql.SQLException {
        String kinds = rs.getString(4);
        return new Webhook(rs.getLong(1), rs.getLong(2), rs.getString(3),
                kinds.isEmpty() ? List.of() : List.of(kinds.split(",")), rs.getLong(5));
    }
}
