package camcloud.cloud.account;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

@DatabaseTest
class SessionsTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    Users users;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        users = new Users(db, new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 1), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Sessions at(Instant now) {
        return new Sessions(db, Clock.fixed(now, ZoneOffset.UTC), Duration.ofHours(1));
    }

    @Test
    void aSessionLeadsToItsUserUntilItExpires() {
        User alice = ((Users.SignUp.Created) users.signUp("alice", "correct horse battery")).user();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        String token = at(t0).start(alice.id());
        assertThat(at(t0.plusSeconds(3599)).user(token)).contains(alice);
        assertThat(at(t0.plusSeconds(3600)).user(token)).isEmpty();
    }

    @Test
    void endingASessionSignsOut() {
        User alice = ((Users.SignUp.Created) users.signUp("alice", "correct horse battery")).user();
        Sessions s = at(Instant.now());
        String token = s.start(alice.id());
        String other = s.start(alice.id());
        s.end(token);
        assertThat(s.user(token)).isEmpty();
        assertThat(s.user(other)).contains(alice);
    }

    @Test
    void expiredSessionsAreSweptAtTheNextSignIn() throws Exception {
        User alice = ((Users.SignUp.Created) users.signUp("alice", "correct horse battery")).user();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        at(t0).start(alice.id());
        at(t0).start(alice.id());
        at(t0.plus(Duration.ofHours(2))).start(alice.id());
        int rows = db.query(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM sessions")) {
                rs.next();
                return rs.getInt(1);
            }
        });
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void garbageTokensFindNobody() {
        Sessions s = at(Instant.now());
        assertThat(s.user(null)).isEmpty();
        assertThat(s.user("")).isEmpty();
        assertThat(s.user("x".repeat(10_000))).isEmpty();
        assertThat(s.user("\u2603 not ascii")).isEmpty();
        s.end("nothing");
    }

    @Test
    void usernamesAreCaseInsensitiveAndPasswordsAreChecked() {
        assertThat(users.signUp("Alice", "correct horse battery")).isInstanceOf(Users.SignUp.Created.class);
        assertThat(users.signUp("ALICE", "correct horse battery")).isInstanceOf(Users.SignUp.NameTaken.class);
        assertThat(users.authenticate("aLiCe", "correct horse battery")).isPresent();
        assertThat(users.authenticate("alice", "wrong")).isEmpty();
        assertThat(users.authenticate("nobody", "correct horse battery")).isEmpty();
        String stored = db.query(c -> {
            try (var st = c.createStatement(); var rs = st.executeQuery("SELECT password_hash FROM users")) {
                rs.next();
                return rs.getString(1);
            }
        });
        assertThat(stored).startsWith("$argon2id$").doesNotContain("correct horse battery");
    }
}
