package camcloud.cloud;

import camcloud.cloud.config.CloudConfig;
import camcloud.cloud.config.DatabaseConfig;
import camcloud.cloud.engines.TestDatabases;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModels;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A real cloud node on loopback (SQLite file and CA in a temp dir, free ports, 200 ms heartbeats)
 * and the virtual cameras a test powers on against it. Close it to stop everything.
 */
public final class TestCloud implements AutoCloseable {

    public static final Duration HEARTBEAT = Duration.ofMillis(200);
    /** The scene of {@link #powerOnStreaming}. */
    public static final SceneSettings STREAMING_SCENE = new SceneSettings(320, 180, 25, 400, 25, 2);

    private final Path dir;
    private final UnaryOperator<CloudConfig> tweak;
    private final DatabaseConfig database;
    private CloudServer server;
    private final EventLoopGroup cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "test-cameras-video");
        t.setDaemon(true);
        return t;
    });
    private final List<VirtualCamera> cameras = new ArrayList<>();
    private int flashCount;
    private int httpPort;
    private int gatewayPort;
    private int cameraHttpsPort;

    private TestCloud(Path dir, UnaryOperator<CloudConfig> tweak) {
        this.dir = dir;
        this.tweak = tweak;
        // the node's own SQLite file, or (-Dcamcloud.test.db=postgresql) a fresh PostgreSQL database
        // that restarts of this cloud keep
        this.database = TestDatabases.fixtureEngine() == TestDatabases.TestDatabase.SQLITE
                ? DatabaseConfig.defaults() : TestDatabases.TestDatabase.POSTGRESQL.config(dir);
    }

    public static TestCloud start(Path dir) throws IOException {
        return start(dir, UnaryOperator.identity());
    }

    /** A node whose settings {@code tweak} changes (e.g. shorter segments); restarts keep the tweak. */
    public static TestCloud start(Path dir, UnaryOperator<CloudConfig> tweak) throws IOException {
        TestCloud cloud = new TestCloud(dir, tweak);
        cloud.server = CloudServer.start(cloud.config(0, 0, 0));
        cloud.httpPort = cloud.server.httpPort();
        cloud.gatewayPort = cloud.server.gatewayPort();
        cloud.cameraHttpsPort = cloud.server.cameraHttpsPort();
        return cloud;
    }

    /** Tests sign up many users from 127.0.0.1: sign-ups are not limited here (every other limit is as on a server). */
    private CloudConfig config(int httpPort, int gatewayPort, int cameraHttpsPort) {
        return tweak.apply(CloudConfig.defaults().withDataDir(dir.resolve("data")).withBindHost("127.0.0.1")
                .withPorts(httpPort, gatewayPort, cameraHttpsPort).withHeartbeatInterval(HEARTBEAT)
                .withHttp(camcloud.cloud.config.HttpConfig.defaults().withSignUpsPerHour(100_000))
                .withDatabase(database));
    }

    public CloudServer server() {
        return server;
    }

    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    public CameraConfig cloudAddress() {
        return new CameraConfig("127.0.0.1", gatewayPort, Map.of());
    }

    /** Provisions a new camera of the first built-in model into a new flash file. */
    public Provisioned provision() throws IOException {
        Path flash = dir.resolve("camera-" + (++flashCount) + ".flash");
        FactoryProvisioner.Provisioned p = FactoryProvisioner.provision(flash,
                CameraModels.builtIn().all().get(0), cloudAddress(), server.operatorToken());
        return new Provisioned(flash, p);
    }

    /**
     * Provisions a new camera that dials the gateway through {@code port} on loopback (a proxy in
     * front of the gateway, say).
     */
    public Provisioned provisionVia(int port) throws IOException {
        Path flash = dir.resolve("camera-" + (++flashCount) + ".flash");
        FactoryProvisioner.Provisioned p = FactoryProvisioner.provision(flash,
                CameraModels.builtIn().all().get(0), new CameraConfig("127.0.0.1", port, Map.of()),
                server.operatorToken());
        return new Provisioned(flash, p);
    }

    public record Provisioned(Path flash, FactoryProvisioner.Provisioned camera) {
        public String serial() {
            return camera.serial();
        }

        public String claimCode() {
            return camera.claimCode();
        }
    }

    /** Powers on a camera with fast reconnects (50 ms to 500 ms) so tests need not wait long. */
    public VirtualCamera powerOn(Path flash) throws IOException {
        VirtualCamera camera = VirtualCamera.powerOn(flash, cameraLoops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)));
        cameras.add(camera);
        return camera;
    }

    /**
     * Powers on a camera whose video app streams a small synthetic scene (320x180, 25 fps, an IDR
     * every second: one encoding shared by every test), with fast reconnects.
     */
    public VirtualCamera powerOnStreaming(Path flash) throws IOException {
        return powerOnStreaming(flash, STREAMING_SCENE);
    }

    /** A camera streaming the synthetic {@code scene}, with fast reconnects; closed with the cloud. */
    public VirtualCamera powerOnStreaming(Path flash, SceneSettings scene) throws IOException {
        Path rings = Files.createDirectories(dir.resolve("rings"));
        VirtualCamera camera = VirtualCamera.powerOn(flash, cameraLoops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                new CameraVideo(new VideoSourceSpec.Synthetic(scene), videoClock, rings));
        cameras.add(camera);
        return camera;
    }

    /** Stops the node (as a crash or a deploy would), keeping its data. */
    public void stopServer() {
        server.close();
    }

    /** Starts the node again, after {@link #stopServer()}, on the same data and the same ports. */
    public void startServerAgain() throws IOException {
        server = CloudServer.start(config(httpPort, gatewayPort, cameraHttpsPort));
    }

    /** Polls {@code condition} every 20 ms for up to {@code timeout}; the test then asserts on the state. */
    public static boolean await(Duration timeout, BooleanSupplier condition) {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        for (VirtualCamera c : cameras) {
            try {
                c.close();
            } catch (IOException | RuntimeException ignored) {
                // closing the rest anyway
            }
        }
        cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        videoClock.shutdownNow();
        server.close();
    }
}
