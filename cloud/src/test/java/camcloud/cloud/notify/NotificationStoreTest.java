package camcloud.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.Users;
import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Notifications, preferences and quiet hours in the database, on both engines. */
@DatabaseTest
class NotificationStoreTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    long alice;
    long bob;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        Users users = new Users(db, new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 1), Clock.systemUTC());
        alice = ((Users.SignUp.Created) users.signUp("alice", "correct horse battery")).user().id();
        bob = ((Users.SignUp.Created) users.signUp("bob", "correct horse battery")).user().id();
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void eachUsersListKeepsOnlyTheNewest() {
        NotificationList list = new NotificationList(db, 3);
        for (int i = 0; i < 5; i++) {
            list.add(new NotificationList.New(alice, "C1", "Porch", NotificationKind.MOTION, "t" + i, "b",
                    1_760_000_000_000L + i, "ev" + i, i % 2 == 0));
        }
        list.add(new NotificationList.New(bob, "C2", "Door", NotificationKind.OFFLINE, "bob's", "b",
                1_760_000_000_000L, null, true));
        assertThat(list.latest(alice, 10)).extracting(Notification::title).containsExactly("t4", "t3", "t2");
        assertThat(list.latest(alice, 1)).extracting(Notification::title).containsExactly("t4");
        assertThat(list.latest(bob, 10)).singleElement().satisfies(n -> assertThat(n.event()).isNull());
    }

    @Test
    void preferencesAndQuietHoursAreKeptPerUser() {
        NotificationPreferences prefs = new NotificationPreferences(db);
        CameraPreferences chosen = new CameraPreferences(false, true, true, false);
        assertThat(prefs.of(alice, "C1")).isEqualTo(CameraPreferences.DEFAULTS);
        prefs.set(alice, "C1", chosen);
        prefs.set(alice, "C1", new CameraPreferences(false, true, true, true));
        prefs.set(alice, "C2", chosen);
        assertThat(prefs.of(alice, "C1")).isEqualTo(new CameraPreferences(false, true, true, true));
        assertThat(prefs.of(bob, "C1")).isEqualTo(CameraPreferences.DEFAULTS);
        assertThat(prefs.of(alice, List.of("C2", "C3"))).containsEntry("C2", chosen)
                .containsEntry("C3", CameraPreferences.DEFAULTS);

        QuietHours night = new QuietHours(LocalTime.of(22, 30), LocalTime.of(7, 0), ZoneId.of("Europe/Berlin"));
        assertThat(prefs.quietHours(alice)).isEmpty();
        prefs.setQuietHours(alice, new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 0), ZoneId.of("UTC")));
        prefs.setQuietHours(alice, night);
        assertThat(prefs.quietHours(alice)).contains(night);
        assertThat(prefs.clearQuietHours(alice)).isTrue();
        assertThat(prefs.clearQuietHours(alice)).isFalse();
    }
}
