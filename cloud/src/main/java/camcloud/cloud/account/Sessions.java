package camcloud.cloud.account;

import camcloud.cloud.db.Database;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Sign-in sessions. The browser holds a random 256-bit token; the database holds only its SHA-256,
 * so a copy of the database does not let anyone sign in. A session ends at sign-out, when its user
 * changes their password elsewhere, or when it expires; expired rows are swept whenever someone
 * signs in.
 */
public final class Sessions {

    /** Longest token we bother looking up; real ones are 43 characters. */
    private static final int MAX_TOKEN_LENGTH = 128;

    private final Database db;
    private final Clock clock;
    private final Duration lifetime;
    private final SecureRandom random = new SecureRandom();

    public Sessions(Database db, Clock clock, Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive, was " + lifetime);
        }
        this.db = db;
        this.clock = clock;
        this.lifetime = lifetime;
    }

    public Duration lifetime() {
        return lifetime;
    }

    /** Starts a session for the user and returns the token for the cookie. */
    public String start(long userId) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        long now = clock.millis();
        db.inTransaction(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE expires_at <= ?")) {
                p.setLong(1, now);
                p.executeUpdate();
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)")) {
                p.setString(1, hash(token));
                p.setLong(2, userId);
                p.setLong(3, now);
                p.setLong(4, now + lifetime.toMillis());
                p.executeUpdate();
            }
        });
        return token;
    }

    /** The signed-in user of {@code token}, when the session exists and has not expired. */
    public Optional<User> user(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return Optional.empty();
        }
        long now = clock.millis();
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT u.id, u.username, u.created_at FROM sessions s "
                    + "JOIN users u ON u.id = s.user_id WHERE s.token_hash = ? AND s.expires_at > ?")) {
                p.setString(1, hash(token));
                p.setLong(2, now);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new User(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                            : Optional.<User>empty();
                }
            }
        });
    }

    /** Ends the session of {@code token}; nothing happens when there is none. */
    public void end(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            return;
        }
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("DELETE FROM sessions WHERE token_hash = ?")) {
                p.setString(1, hash(token));
                return p.executeUpdate();
            }
        });
    }

    /**
     * Ends every session of the user but the one of {@code keepToken} (a password change signs the
     * account out everywhere else); returns how many ended.
     */
    public int endOthers(long userId, String keepToken) {
        String keep = keepToken == null ? "" : hash(keepToken);
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "DELETE FROM sessions WHERE user_id = ? AND token_hash <> ?")) {
                p.setLong(1, userId);
                p.setString(2, keep);
                return p.executeUpdate();
            }
        });
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
