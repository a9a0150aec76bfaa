package camcloud.cloud.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.Users;
import camcloud.cloud.db.Database;
import camcloud.cloud.engines.DatabaseTest;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import camcloud.cloud.ownership.Ownerships;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Registered cameras in the database, on both engines. */
@DatabaseTest
class DeviceStoreTest {

    @Parameter
    TestDatabase engine;
    @TempDir
    Path dir;
    Database db;
    DeviceStore devices;
    Ownerships ownerships;

    @BeforeEach
    void open() {
        db = engine.open(dir);
        devices = new DeviceStore(db);
        ownerships = new Ownerships(db, Clock.systemUTC());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void aCameraComesBackWithItsKeysAndASerialIsRegisteredOnce() {
        byte[] key = {0x30, 0, (byte) 0xff, 0x7f};
        Device d = devices.register(new DeviceStore.Registration("CAM1", "02:00:00:00:00:01", "cam-1", key,
                new byte[] {1, 2, 3}, ClaimCode.generate()));
        assertThat(d.publicKey()).isEqualTo(key);
        assertThat(d.certificate()).containsExactly(1, 2, 3);
        assertThat(d.ownerId()).isNull();
        assertThat(devices.findBySerial("CAM1")).map(Device::id).contains(d.id());
        assertThatThrownBy(() -> register("CAM1")).isInstanceOf(DeviceStore.DuplicateSerialException.class);
        assertThat(devices.all()).hasSize(1);
    }

    @Test
    void anOwnersCamerasAreListedByNameInAnyCaseThenSerial() {
        long alice = user("alice");
        long bob = user("bob");
        ownerships.claim(alice, register("CAM3"), "beta");
        ownerships.claim(alice, register("CAM2"), "alpha");
        ownerships.claim(alice, register("CAM1"), "Alpha");
        ownerships.claim(bob, register("CAM4"), "bob's");
        assertThat(devices.ownedBy(alice)).extracting(Device::serial).containsExactly("CAM1", "CAM2", "CAM3");
        assertThat(devices.ownedBy(bob, "CAM1")).isEmpty();
        assertThat(devices.rename(bob, "CAM1", "stolen")).isFalse();
        assertThat(devices.rename(alice, "CAM1", "Zulu")).isTrue();
        assertThat(devices.ownedBy(alice)).extracting(Device::serial).containsExactly("CAM2", "CAM3", "CAM1");
    }

    @Test
    void sightingsAreWrittenTogetherAndKeepTheFirmwareWhenNoneIsReported() {
        register("CAM1");
        register("CAM2");
        long seen = 1_760_000_000_000L;
        devices.recordSightings(List.of(new DeviceStore.Sighting("CAM1", seen, "10.0.0.1:5000", "1.2.0"),
                new DeviceStore.Sighting("CAM2", seen + 1, "10.0.0.2:5000", null)));
        devices.recordSightings(List.of(new DeviceStore.Sighting("CAM1", seen + 2, "10.0.0.1:5001", null)));
        Device one = devices.findBySerial("CAM1").orElseThrow();
        assertThat(one.lastSeenAt()).isEqualTo(seen + 2);
        assertThat(one.lastAddress()).isEqualTo("10.0.0.1:5001");
        assertThat(one.firmwareVersion()).isEqualTo("1.2.0");
        assertThat(devices.findBySerial("CAM2").orElseThrow().firmwareVersion()).isNull();
    }

    /** Registers a camera; returns its claim code. */
    private String register(String serial) {
        String code = ClaimCode.generate();
        devices.register(new DeviceStore.Registration(serial, "02:00:00:00:00:01", "cam-1", new byte[] {1},
                new byte[] {2}, code));
        return code;
    }

    private long user(String name) {
        return ((Users.SignUp.Created) new Users(db, new PasswordHasher(PasswordHasher.Parameters.FOR_TESTS, 1),
                Clock.systemUTC()).signUp(name, "correct horse battery")).user().id();
    }
}
