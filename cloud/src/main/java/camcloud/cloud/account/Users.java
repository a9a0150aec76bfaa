package camcloud.cloud.account;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.DatabaseException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * Accounts: sign-up under the {@link Credentials} rules and password checks. Usernames are stored
 * lower-case, so "Alice" and "alice" are one account. Hashing happens outside any database
 * transaction: a slow Argon2 never holds SQLite's write lock.
 */
public final class Users {

    /** What a sign-up attempt came to. */
    public sealed interface SignUp {
        record Created(User user) implements SignUp {
        }

        record NameTaken(String username) implements SignUp {
        }

        /** A {@link Credentials} rule is broken; {@code message} says which and is safe to show. */
        record Rejected(String field, String message) implements SignUp {
        }
    }

    private final Database db;
    private final PasswordHasher hasher;
    private final Clock clock;

    public Users(Database db, PasswordHasher hasher, Clock clock) {
        this.db = db;
        this.hasher = hasher;
        this.clock = clock;
    }

    public SignUp signUp(String typedUsername, String password) {
        String username = typedUsername.strip().toLowerCase(Locale.ROOT);
        Optional<String> problem = Credentials.usernameProblem(username);
        if (problem.isPresent()) {
            return new SignUp.Rejected("username", problem.get());
        }
        problem = Credentials.passwordProblem(username, password);
        if (problem.isPresent()) {
            return new SignUp.Rejected("password", problem.get());
        }
        if (exists(username)) {
            return new SignUp.NameTaken(username);
        }
        String hash = hasher.hash(password);
        long now = clock.millis();
        try {
            long id = db.query(c -> {
                try (PreparedStatement p = c.prepareStatement(
                        "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?) RETURNING id")) {
                    p.setString(1, username);
                    p.setString(2, hash);
                    p.setLong(3, now);
                    try (ResultSet rs = p.executeQuery()) {
                        rs.next();
                        return rs.getLong(1);
                    }
                }
            });
            return new SignUp.Created(new User(id, username, now));
        } catch (DatabaseException e) {
            if (e.uniqueViolation()) {
                return new SignUp.NameTaken(username); // lost a race with a sign-up of the same name
            }
            throw e;
        }
    }

    /**
     * The user, when the password is theirs. An unknown username costs the same Argon2 time as a
     * wrong password, so the answer time does not tell whether an account exists.
     */
    public Optional<User> authenticate(String typedUsername, String password) {
        String username = typedUsername.strip().toLowerCase(Locale.ROOT);
        if (username.length() > Credentials.USERNAME_MAX || password.length() > 4 * Credentials.PASSWORD_MAX) {
            hasher.verifyDecoy("");
            return Optional.empty();
        }
        Optional<Stored> stored = db.query(c -> {
            try (PreparedStatement p = c.prepareStatement(
                    "SELECT id, username, created_at, password_hash FROM users WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new Stored(new User(rs.getLong(1), rs.getString(2), rs.getLong(3)),
                                    rs.getString(4)))
                            : Optional.<Stored>empty();
                }
            }
        });
        if (stored.isEmpty()) {
            hasher.verifyDecoy(password);
            return Optional.empty();
        }
        return hasher.verify(password, stored.get().passwordHash) ? Optional.of(stored.get().user) : Optional.empty();
    }

    public Optional<User> find(long id) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, username, created_at FROM users WHERE id = ?")) {
                p.setLong(1, id);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new User(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                            : Optional.<User>empty();
                }
            }
        });
    }

    /** The account named {@code typedUsername} (any case), if there is one. */
    public Optional<User> findByName(String typedUsername) {
        String username = typedUsername.strip().toLowerCase(Locale.ROOT);
        if (username.length() > Credentials.USERNAME_MAX) {
            return Optional.empty();
        }
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT id, username, created_at FROM users WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(new User(rs.getLong(1), rs.getString(2), rs.getLong(3)))
                            : Optional.<User>empty();
                }
            }
        });
    }

    /**
     * Replaces the user's password, after {@link Credentials#passwordProblem} (empty) or with the
     * problem (the password is unchanged). Ending the user's other sessions is the caller's next step.
     */
    public Optional<String> changePassword(User user, String newPassword) {
        Optional<String> problem = Credentials.passwordProblem(user.username(), newPassword);
        if (problem.isPresent()) {
            return problem;
        }
        String hash = hasher.hash(newPassword);
        db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("UPDATE users SET password_hash = ? WHERE id = ?")) {
                p.setString(1, hash);
                p.setLong(2, user.id());
                return p.executeUpdate();
            }
        });
        return Optional.empty();
    }

    private boolean exists(String username) {
        return db.query(c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
                p.setString(1, username);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    private record Stored(User user, String passwordHash) {
    }
}
