package camcloud.cloud.rollout;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.firmware.FirmwareFixture;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.video.VideoSourceSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.video.SceneSettings;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real cloud node and a fleet of in-process virtual cameras of the 8 MiB model, each streaming a
 * small synthetic scene that the recorder cuts into one-second segments, and an operator client: what
 * the rollout tests run on. The driver ticks every 200 ms with a 2 s lease (test pace).
 */
final class RolloutFleet implements AutoCloseable {

    static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();
    /** Small and slow: a few hundred cameras recording on a shared 2-core machine. */
    static final SceneSettings SCENE = new SceneSettings(192, 108, 5, 80, 5, 2);

    final TestCloud cloud;
    final ApiClient operator;
    final List<String> serials = new ArrayList<>();
    private final Map<String, Path> flashes = new ConcurrentHashMap<>();
    private final Map<String, VirtualCamera> running = new ConcurrentHashMap<>();
    private final Path dir;
    /** The cameras' own loops and video clock: two threads each, as a fleet shares them. */
    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    private final ScheduledExecutorService videoClock = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "rollout-fleet-video");
        t.setDaemon(true);
        return t;
    });

    private RolloutFleet(Path dir, TestCloud cloud) {
        this.dir = dir;
        this.cloud = cloud;
        this.operator = new ApiClient(cloud.httpBase(), Map.of("Authorization", "Bearer " + cloud.server().operatorToken()));
    }

    static RolloutFleet start(Path dir) throws IOException {
        return start(dir, c -> c);
    }

    /** A node with {@code tweak} on top of the fleet's settings (another node's id and database, say). */
    static RolloutFleet start(Path dir, java.util.function.UnaryOperator<camcloud.cloud.config.CloudConfig> tweak)
            throws IOException {
        // heartbeats every second (a loaded machine must not drop sessions); every camera dials from
        // 127.0.0.1, so the per-address limit on handshakes in progress is lifted
        TestCloud cloud = TestCloud.start(dir, c -> tweak.apply(c.withRecording(c.recording().withRecorder(
                RecorderSettings.DEFAULT.withSegmentMicros(1_000_000).withReconnectGraceMillis(0)))
                .withHeartbeatInterval(Duration.ofSeconds(1))
                .withStrangers(c.strangers().withPerAddress(0).withDeadline(Duration.ofSeconds(30)))));
        cloud.server().rolloutDriver().pace(Duration.ofMillis(200), Duration.ofSeconds(2));
        return new RolloutFleet(dir, cloud);
    }

    /** Trusts a new publishing key: cameras provisioned from now on pin it (with the keys trusted before). */
    SigningKey trustNewKey() throws IOException {
        SigningKey key = SigningKey.generate();
        cloud.server().firmware().repository().trust(key.trustedKey());
        return key;
    }

    /** Provisions {@code count} cameras (not powered on); returns their serials. */
    List<String> provision(int count) throws IOException {
        List<String> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Path flash = dir.resolve("camera-" + (serials.size() + 1) + ".flash");
            FactoryProvisioner.Provisioned p = FactoryProvisioner.provision(flash, MODEL, cloud.cloudAddress(),
                    cloud.server().operatorToken());
            flashes.put(p.serial(), flash);
            serials.add(p.serial());
            made.add(p.serial());
        }
        return made;
    }

    void powerOn(String serial) throws IOException {
        Files.createDirectories(dir.resolve("rings"));
        running.put(serial, VirtualCamera.powerOn(flashes.get(serial), loops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE).withBackoff(Duration.ofMillis(200),
                        Duration.ofSeconds(2)),
                new CameraVideo(new VideoSourceSpec.Synthetic(SCENE), videoClock, dir.resolve("rings"))));
    }

    void powerOff(String serial) throws IOException {
        VirtualCamera camera = running.remove(serial);
        if (camera != null) {
            camera.close();
        }
    }

    VirtualCamera camera(String serial) {
        return running.get(serial);
    }

    void publish(String version, SigningKey key) throws IOException {
        cloud.server().firmware().repository().publish(new ByteArrayInputStream(FirmwareFixture.bundle(MODEL, version,
                key)));
    }

    void tag(String tag, List<String> cameras) {
        ApiClient.Response r = operator.post("/api/operator/tags/" + tag, Map.of("add", cameras));
        if (r.status() != 200) {
            throw new IllegalStateException(r.status() + " " + r.text());
        }
    }

    /** POST /api/operator/rollouts; the response, whatever its status. */
    ApiClient.Response create(Map<String, Object> body) {
        return operator.post("/api/operator/rollouts", body);
    }

    JsonNode rollout(long id) {
        return operator.get("/api/operator/rollouts/" + id).json();
    }

    JsonNode steer(long id, String action) {
        ApiClient.Response r = operator.post("/api/operator/rollouts/" + id + "/" + action, Map.of());
        if (r.status() != 200) {
            throw new IllegalStateException(action + ": " + r.status() + " " + r.text());
        }
        return r.json();
    }

    /** The rollout's cameras (optionally of one state) as serial → JSON. */
    Map<String, JsonNode> cameras(long id, String state) {
        JsonNode list = operator.get("/api/operator/rollouts/" + id + "/cameras"
                + (state == null ? "" : "?state=" + state)).json().get("cameras");
        Map<String, JsonNode> out = new java.util.LinkedHashMap<>();
        list.forEach(c -> out.put(c.get("serial").asText(), c));
        return out;
    }

    /** Waits (polling) until the rollout is in {@code state}; the caller asserts on the result. */
    boolean awaitState(long id, String state, Duration timeout) {
        return TestCloud.await(timeout, () -> state.equals(rollout(id).get("state").asText()));
    }

    @Override
    public void close() {
        for (VirtualCamera camera : running.values()) {
            try {
                camera.close();
            } catch (IOException | RuntimeException ignored) {
                // powering off the rest anyway
            }
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        videoClock.shutdownNow();
        cloud.close();
    }
}
