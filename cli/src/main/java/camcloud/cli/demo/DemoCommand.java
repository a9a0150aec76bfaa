package camcloud.cli.demo;

import camcloud.cli.camera.VideoOptions;
import camcloud.cli.server.ServerOptions;
import camcloud.cloud.CloudServer;
import camcloud.cloud.account.PasswordHasher;
import camcloud.cloud.account.User;
import camcloud.cloud.account.Users;
import camcloud.cloud.device.ClaimResult;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModels;
import camcloud.fleet.Fleet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code camcloud demo}: a cloud node and a few virtual cameras in one process, provisioned at the
 * factory, claimed by a demo user, online and streaming video (so recording) from the start. Run it
 * again on the same data directory and the same cameras come back. {@code --source file:PATH} shows
 * your own footage on every camera.
 *
 * <p>With the default source the first camera shows the live scene ({@link #DEMO_SCENE}: a figure
 * crossing, a noise, over again every minute) so a new user sees events and can drive its pan/tilt
 * head; the others replay the cheap synthetic loop.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the cloud and a few virtual cameras claimed by a demo user; print the web address and login.")
public final class DemoCommand implements Callable<Integer> {

    static final String USER = "demo";
    static final String PASSWORD = "camcloud-demo";
    private static final List<String> NAMES = List.of("Front door", "Garden", "Garage", "Hallway", "Backyard",
            "Driveway", "Kitchen", "Office");

    /**
     * The first demo camera's picture: the live scene with the demo script, 640x360 at 10 fps (about
     * 15 % of a core on this project's machine; 720p would take more than a core).
     */
    static final VideoSourceSpec DEMO_SCENE = new VideoSourceSpec.Scene(SceneScript.demo(), null,
            LiveSceneSource.defaults(new SceneControl.Resolution(640, 360), 10, 800));

    @Mixin
    ServerOptions options;

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "3",
            description = "How many virtual cameras. Default: ${DEFAULT-VALUE}")
    int cameras;

    @Mixin
    VideoOptions video;

    @Override
    public Integer call() throws Exception {
        if (cameras < 0 || cameras > 1000) {
            throw new IllegalArgumentException("--cameras must be between 0 and 1000, was " + cameras);
        }
        VideoSourceSpec source = video.source();
        AgentSettings settings = video.applyTo(AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                .withBackoff(Duration.ofMillis(500), Duration.ofSeconds(10)));
        CloudServer server = CloudServer.start(options.toConfig());
        Fleet fleet;
        Path publisherKey;
        try {
            User demo = demoUser(server);
            publisherKey = demoPublisherKey(server);
            Path dir = server.config().dataDir().resolve("demo-cameras");
            CameraConfig cloud = CameraConfig.parseCloud("localhost:" + server.gatewayPort(), Map.of());
            for (Fleet.NewCamera c : Fleet.provisionMissing(dir, cameras, CameraModels.builtIn().all(), cloud,
                    java.net.URI.create("http://localhost:" + server.httpPort()), server.operatorToken())) {
                String name = NAMES.get(server.devices().ownedBy(demo.id()).size() % NAMES.size());
                ClaimResult claim = server.ownerships().claim(demo.id(), c.camera().claimCode(), name);
                if (!(claim instanceof ClaimResult.Claimed)) {
                    throw new IllegalStateException("could not claim demo camera " + c.camera().serial() + ": " + claim);
                }
            }
            DemoCameras.pointAt(dir, cloud);
            VideoSourceSpec first = video.synthetic() ? DEMO_SCENE : source;
            fleet = Fleet.powerOn(dir, settings, 1, index -> index == 0 ? first : source);
        } catch (Exception e) {
            server.close();
            throw e;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            fleet.close();
            server.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.println();
        System.out.println("camcloud demo is running with " + fleet.cameras().size() + " virtual cameras");
        if (video.synthetic() && !fleet.cameras().isEmpty()) {
            System.out.println("  video:     " + fleet.cameras().get(0).serial() + ": " + DEMO_SCENE + "; the others: "
                    + source + "; recording into " + server.config().dataDir().toAbsolutePath());
        } else {
            System.out.println("  video:     " + source + ", recording into " + server.config().dataDir().toAbsolutePath());
        }
        System.out.println("  web app:   http://localhost:" + server.httpPort() + "/");
        System.out.println("  login:     " + USER + " / " + PASSWORD);
        System.out.println("  API docs:  http://localhost:" + server.httpPort() + "/api/openapi.yaml");
        System.out.println("  gateway:   localhost:" + server.gatewayPort() + " (TLS 1.3)");
        System.out.println("  data:      " + server.config().dataDir().toAbsolutePath());
        VirtualCamera first = fleet.cameras().isEmpty() ? null : fleet.cameras().get(0);
        if (first != null) {
            String api = "http://localhost:" + server.httpPort();
            String token = "@" + server.operatorTokenFile().toAbsolutePath();
            System.out.println("  firmware:  the cameras trust the demo publishing key " + publisherKey.toAbsolutePath()
                    + "; to update " + first.serial() + ":");
            System.out.println("               ./camcloud firmware build --model " + first.identity().model()
                    + " --version 1.0.0 --key " + publisherKey.toAbsolutePath() + " --out /tmp/camcloud-fw");
            System.out.println("               ./camcloud firmware publish /tmp/camcloud-fw/" + first.identity().model() + "/"
                    + first.identity().model() + "-1.0.0.bundle --cloud " + api + " --token " + token);
            System.out.println("               ./camcloud firmware target " + first.serial() + " --version 1.0.0 --cloud "
                    + api + " --token " + token);
        }
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
        return 0;
    }

    /**
     * The demo's firmware publishing key ({@code DATA/demo-firmware/publisher.key}), made once and
     * trusted by the node before the demo provisions its cameras, so the factory pins it into them
     * and they accept bundles signed with it. A real deployment makes its key with
     * {@code firmware keygen} and keeps it off the server.
     */
    private static Path demoPublisherKey(CloudServer server) throws IOException {
        Path dir = server.config().dataDir().resolve("demo-firmware");
        Path key = dir.resolve("publisher.key");
        SigningKey signing = Files.exists(key) ? SigningKey.load(key) : SigningKey.load(SigningKey.generate().save(dir, "publisher"));
        server.firmware().repository().trust(signing.trustedKey());
        return key;
    }

    private static User demoUser(CloudServer server) {
        Users users = new Users(server.database(), PasswordHasher.owasp(), Clock.systemUTC());
        Users.SignUp signUp = users.signUp(USER, PASSWORD);
        if (signUp instanceof Users.SignUp.Created created) {
            return created.user();
        }
        return users.authenticate(USER, PASSWORD).orElseThrow(() -> new IllegalStateException(
                "the data directory has a '" + USER + "' user with another password; use another --data"));
    }
}
