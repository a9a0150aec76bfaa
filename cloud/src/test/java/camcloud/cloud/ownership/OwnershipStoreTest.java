package camcloud.cloud.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.Users;
import camcloud.cloud.control.CameraSettingsStore;
import camcloud.cloud.db.Database;
import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.ClaimResult;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import camcloud.cloud.recording.RecordingPolicies;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Claims, releases and shares in the database, on both engines. */
@DatabaseTest
class OwnershipStoreTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    Ownerships ownerships;
    Shares shares;
    Users users;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        ownerships = new Ownerships(db, Clock.systemUTC());
        shares = new Shares(db);
        users = new Users(db, new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 1), Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aReleaseClosesTheOwnershipAndForgetsTheCamerasSettings() {
        long alice = user("alice");
        String code = register("CAM1");
        assertThat(ownerships.claim(alice, code, "Porch")).isInstanceOf(ClaimResult.Claimed.class);
        new RecordingPolicies(db).set("CAM1", new RecordingPolicies.Policy(true, Optional.of(7), Optional.of(5L << 30)));
        new CameraSettingsStore(db).saveDesired("CAM1", Map.of("image.flip", "true"), 1);
        assertThat(ownerships.current("CAM1")).map(Ownership::ownerId).contains(alice);

        Ownership released = ownerships.release(alice, "CAM1", Ownerships.Recordings.KEEP).orElseThrow();
        assertThat(released.toMicros()).isNotNull();
        assertThat(released.kept()).isTrue();
        assertThat(released.retentionDays()).isEqualTo(7);
        assertThat(released.name()).isEqualTo("Porch");
        assertThat(ownerships.current("CAM1")).isEmpty();
        assertThat(ownerships.formerCameras(alice)).extracting(Ownerships.Former::serial).containsExactly("CAM1");
        assertThat(new RecordingPolicies(db).of("CAM1")).isEqualTo(RecordingPolicies.Policy.DEFAULT);
        assertThat(new CameraSettingsStore(db).desired("CAM1")).isEmpty();
        assertThat(ownerships.release(alice, "CAM1", Ownerships.Recordings.KEEP)).isEmpty();

        ownerships.forget(released);
        assertThat(ownerships.of("CAM1")).singleElement().satisfies(o -> assertThat(o.kept()).isFalse());
        assertThat(ownerships.formerCameras(alice)).isEmpty();
    }

    @Test
    void aCodeClaimedByManyAtOnceGoesToExactlyOne() throws Exception {
        String code = register("CAM1");
        List<Long> people = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            people.add(user("user" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(people.size());
        try {
            List<Future<ClaimResult>> results = new ArrayList<>();
            for (long id : people) {
                results.add(pool.submit((Callable<ClaimResult>) () -> ownerships.claim(id, code, "mine")));
            }
            int claimed = 0;
            for (Future<ClaimResult> r : results) {
                ClaimResult result = r.get();
                if (result instanceof ClaimResult.Claimed) {
                    claimed++;
                } else {
                    assertThat(result).isInstanceOf(ClaimResult.AlreadyClaimed.class);
                }
            }
            assertThat(claimed).isEqualTo(1);
        } finally {
            pool.shutdown();
        }
        assertThat(ownerships.of("CAM1")).hasSize(1);
    }

    @Test
    void sharesBelongToTheOwnershipAndEndWithIt() {
        long alice = user("alice");
        long bob = user("bob");
        ownerships.claim(alice, register("CAM1"), "Porch");
        Ownership o = ownerships.current("CAM1").orElseThrow();
        assertThat(shares.add(o, bob)).isTrue();
        assertThat(shares.add(o, bob)).isFalse();
        assertThat(shares.of(o)).extracting(Shares.Share::viewer).containsExactly("bob");
        assertThat(shares.with(bob)).containsExactly(new Shares.Shared("CAM1", "alice"));
        ownerships.release(alice, "CAM1", Ownerships.Recordings.DELETE);
        assertThat(shares.with(bob)).isEmpty();
        assertThat(shares.remove(o, bob)).isFalse();
    }

    private String register(String serial) {
        String code = ClaimCode.generate();
        new DeviceStore(db).register(new DeviceStore.Registration(serial, "02:00:00:00:00:01", "cam-1",
                new byte[] {1}, new byte[] {2}, code));
        return code;
    }

    private long user(String name) {
        return ((Users.SignUp.Created) users.signUp(name, "correct horse battery")).user().id();
    }
}
