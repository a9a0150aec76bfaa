package camcloud.cloud.api;

import camcloud.cloud.account.Sessions;
import camcloud.cloud.event.EventService;
import camcloud.cloud.event.LatestKeyframes;
import camcloud.cloud.event.LatestPictures;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.ownership.AccessControl;
import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.ownership.Shares;
import camcloud.cloud.push.PushHub;
import camcloud.cloud.storage.LocalObjectStore;
import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.control.CameraControl;
import java.util.concurrent.ForkJoinPool;
import camcloud.cloud.config.NotifyConfig;
import camcloud.cloud.notify.NotificationService;
import camcloud.cloud.db.Database;
import camcloud.cloud.engines.TestDatabases;
import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.UnaryOperator;

/**
 * A real {@link HttpApi} on a free port over a real SQLite file, with cheap password hashing and a
 * hand-moved clock. One per test class (or per test); {@link #close} stops it.
 */
final class ApiServer implements AutoCloseable {

    static final String OPERATOR_TOKEN = "operator-secret-token-for-tests";

    final Database db;
    final DeviceStore devices;
    final Presence presence = new Presence();
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final HttpApi api;
    private final EventService events;
    private final LatestPictures pictures;
    private final PushHub push;
    final CameraControl control;
    /** Notifications and webhooks (settings from the constructor; pushes to pages land in {@link #pushes}). */
    final NotificationService notifications;
    final RecordedPushes pushes = new RecordedPushes();
    private int serials;

    ApiServer(Path dir) {
        this(dir, Duration.ofSeconds(10));
    }

    ApiServer(Path dir, Duration commandTimeout) {
        this(dir, s -> s.withCommandTimeout(commandTimeout));
    }

    /**
     * A server whose settings are the tests' ({@link #testSettings}) changed by {@code tweak}. Tests
     * sign up many users from one address, so sign-ups are not limited unless {@code tweak} says so.
     */
    ApiServer(Path dir, UnaryOperator<ApiSettings> tweak) {
        this(dir, tweak, UnaryOperator.identity());
    }

    /** As {@link #ApiServer(Path, UnaryOperator)}, with {@code beforeStart} adding to the API (a camera port). */
    ApiServer(Path dir, UnaryOperator<ApiSettings> tweak, UnaryOperator<HttpApi> beforeStart) {
        this(dir, tweak, beforeStart, NotifyConfig.defaults());
    }

    /** As {@link #ApiServer(Path, UnaryOperator, UnaryOperator)}, with these notification and webhook settings. */
    ApiServer(Path dir, UnaryOperator<ApiSettings> tweak, UnaryOperator<HttpApi> beforeStart, NotifyConfig notify) {
        db = TestDatabases.fixtureEngine().open(dir); // -Dcamcloud.test.db=postgresql: the API suite on PostgreSQL
        devices = new DeviceStore(db);
        ApiSettings settings = tweak.apply(testSettings(clock));
        control = new CameraControl(db, presence, settings.commandTimeout(), clock, ForkJoinPool.commonPool());
        notifications = NotificationService.open(db, devices, notify.notifications(), notify.webhooks(), pushes, clock);
        try {
            events = EventService.open(db, new LocalObjectStore(dir.resolve("snapshots")));
            pictures = new LatestPictures(new LatestKeyframes(LatestKeyframes.DEFAULT_BUDGET), 1, 4, 1000);
            Sessions sessions = new Sessions(db, settings.clock(), settings.sessionLifetime());
            push = new PushHub((token, user) -> sessions.user(token).map(u -> u.id() == user).orElse(false),
                    new AccessControl(devices, new Ownerships(db, settings.clock()), new Shares(db)), db);
            FirmwareService firmware = FirmwareService.open(dir, db, () -> "http://127.0.0.1");
            camcloud.cloud.tag.CameraTags tags = new camcloud.cloud.tag.CameraTags(db);
            api = beforeStart.apply(new HttpApi(db, devices, presence, settings)
                    .withFirmware(firmware, devices, presence, settings)
                    .withRollouts(new camcloud.cloud.rollout.Rollouts(db, firmware,
                            camcloud.firmware.model.CameraModels.builtIn(), settings.clock()), tags, settings)
                    .withEvents(events, pictures, push)
                    .withControl(control)
                    .withNotifications(notifications)
                    .withOperations(new camcloud.cloud.metrics.NodeMetrics(), new camcloud.cloud.health.HealthChecks(),
                            settings.operatorToken()))
                    .start("127.0.0.1", 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Cheap hashes, the hand-moved clock, sign-ups not limited; every other limit as on a server. */
    static ApiSettings testSettings(java.time.Clock clock) {
        return ApiSettings.defaults(OPERATOR_TOKEN, false)
                .withPassword(PasswordHasher.Parameters.FOR_TESTS)
                .withClock(clock)
                .withLimits(ApiLimits.DEFAULTS.withSignUpsPerHour(100_000));
    }

    String base() {
        return "http://127.0.0.1:" + api.port();
    }

    ApiClient client() {
        return new ApiClient(base());
    }

    /** A camera fresh from the factory; returns its claim code. */
    Camera newCamera() {
        String serial = String.format("CAM%06d", ++serials);
        String code = ClaimCode.generate();
        devices.register(new DeviceStore.Registration(serial, "02:00:00:00:00:01", "hi3518e-test",
                new byte[] {1, 2, 3}, new byte[] {4, 5, 6}, code));
        return new Camera(serial, code);
    }

    /** Marks the camera online with a fake connection. */
    FakeConnection connect(String serial) {
        FakeConnection c = new FakeConnection(serial, clock.millis());
        presence.connected(c);
        return c;
    }

    record Camera(String serial, String code) {
    }

    @Override
    public void close() {
        api.stop();
        notifications.close();
        push.close();
        pictures.close();
        events.close();
        control.close();
        db.close();
    }
}
