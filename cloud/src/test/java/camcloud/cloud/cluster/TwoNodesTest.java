package camcloud.cloud.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.engines.PostgresServer;
import camcloud.cloud.event.PushClient;
import camcloud.cloud.firmware.FirmwareFixture;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two cloud nodes in one JVM, ids {@code node-a} and {@code node-b}, on one PostgreSQL and one data
 * directory (the shared CA, operator token, offer key and store), each with its own gateway and API:
 * what is asked of node A reaches a camera connected to node B.
 *
 * <p>Both nodes keep their tables in the PostgreSQL of {@code db.url} and talk over its LISTEN/NOTIFY.
 */
class TwoNodesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);
    private static final Duration HEARTBEAT = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    TestCloud a;
    TestCloud b;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(),
                "no PostgreSQL on this machine");
        String url = PostgresServer.require().newDatabase();
        // Heartbeats every second, not the fixture's 200 ms: a loaded test machine must not drop the
        // hand-driven sessions for a late heartbeat.
        a = TestCloud.start(dir, c -> c.withDatabase(c.database().withUrl(url)).withHeartbeatInterval(HEARTBEAT)
                .withCluster(c.cluster().withNodeId("node-a").withLease(Duration.ofSeconds(3))));
        b = TestCloud.start(dir, c -> c.withDatabase(c.database().withUrl(url)).withHeartbeatInterval(HEARTBEAT)
                .withCluster(c.cluster().withNodeId("node-b").withLease(Duration.ofSeconds(3))));
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @Test
    void ptzAndSettingsSentThroughNodeAReachTheCameraOnNodeBAndItsAnswerComesBack() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor();
        TestCloud.Provisioned p = b.provision();
        VideoSourceSpec scene = new VideoSourceSpec.Scene(SceneScript.staticScene(), null,
                LiveSceneSource.defaults(new SceneControl.Resolution(320, 180), 10, 300));
        try (VirtualCamera camera = VirtualCamera.powerOn(p.flash(), loops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE).withBackoff(Duration.ofMillis(50),
                        Duration.ofMillis(500)), new CameraVideo(scene, videoClock, dir))) {
            ApiClient owner = new ApiClient(a.httpBase());
            signUp(owner);
            assertThat(owner.claim(p.claimCode(), "Porch").status()).isEqualTo(201);
            String base = "/api/cameras/" + p.serial();
            assertThat(TestCloud.await(WAIT, () -> b.server().presence().isOnline(p.serial()))).isTrue();
            assertThat(a.server().presence().isOnline(p.serial())).isFalse();
            // node A's API shows it online from the directory, with the state node B recorded
            assertThat(TestCloud.await(WAIT, () -> owner.get(base).json().get("online").asBoolean())).isTrue();
            assertThat(TestCloud.await(WAIT, () -> owner.get(base + "/settings").json().get("state")
                    .has("caps.resolutions"))).isTrue();

            ApiClient.Response applied = owner.patch(base + "/settings", Map.of("image.brightness", 20,
                    "video.resolution", "640x360"));
            assertThat(applied.status()).as(applied.text()).isEqualTo(200);
            assertThat(applied.json().get("state").get("video.resolution").asText()).isEqualTo("640x360");
            assertThat(camera.video().sceneControl().orElseThrow().imageSettings().resolution())
                    .isEqualTo(new SceneControl.Resolution(640, 360));
            // what only the camera knows comes back through node B too
            ApiClient.Response tooBig = owner.patch(base + "/settings", Map.of("video.resolution", "1920x1080"));
            assertThat(tooBig.status()).isEqualTo(400);
            assertThat(tooBig.error()).contains("1920x1080");

            ApiClient.Response moved = owner.post(base + "/ptz", Map.of("pan", 30, "tilt", 10, "speed", 90));
            assertThat(moved.status()).as(moved.text()).isEqualTo(200);
            ApiClient.Response beyond = owner.post(base + "/ptz", Map.of("pan", 200, "tilt", 0));
            assertThat(beyond.status()).isEqualTo(400);
            assertThat(beyond.error()).contains("pan 200");

            assertThat(owner.get(base + "/commands").json().get("commands"))
                    .extracting(e -> e.get("result").asText()).containsExactly("rejected", "ok", "rejected", "ok");
            // the owner's settings are kept (shared database): node B's next Welcome carries them; what
            // the camera reported reaches node A's view once node B wrote it (within a second)
            assertThat(TestCloud.await(WAIT, () -> owner.get(base + "/settings").json().get("settings")
                    .get("image.brightness").asText().equals("20"))).isTrue();
        } finally {
            videoClock.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aFirmwareTargetSetThroughNodeAIsOfferedByNodeBWhereTheCameraIs() throws Exception {
        FirmwareFixture fw = new FirmwareFixture(a.server()); // publishing key trusted before provisioning
        fw.publish(MODEL, "1.0.0");
        TestCloud.Provisioned p = b.provision();
        try (HandCamera camera = HandCamera.online(p, b.server().gatewayPort(), "0.1.0")) {
            ApiClient operator = new ApiClient(a.httpBase());
            ApiClient.Response set = operator.send("PUT", "/api/operator/cameras/" + p.serial() + "/firmware",
                    "{\"version\":\"1.0.0\"}", "application/json",
                    Map.of("Authorization", "Bearer " + a.server().operatorToken()));
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            Envelope offer = camera.next();
            assertThat(offer.hasFirmwareOffer()).as(offer.toString()).isTrue();
            assertThat(offer.getFirmwareOffer().getVersion()).isEqualTo("1.0.0");
            assertThat(offer.getFirmwareOffer().getBundleUrl()).contains(":" + b.server().cameraHttpsPort() + "/");
        }
    }

    @Test
    void aCameraThatConnectsToNodeAKeepsOnlyThatSessionAndNodeBClosesItsOlderOne() throws Exception {
        TestCloud.Provisioned p = b.provision();
        try (HandCamera older = HandCamera.online(p, b.server().gatewayPort(), "0.1.0")) {
            assertThat(TestCloud.await(WAIT, () -> a.server().cluster().locator().nodeOf(p.serial())
                    .map(n -> n.nodeId().equals("node-b")).orElse(false))).isTrue();
            try (HandCamera newer = HandCamera.online(p, a.server().gatewayPort(), "0.1.0")) {
                Envelope goodbye = older.next();
                assertThat(goodbye.hasGoodbye()).as(goodbye.toString()).isTrue();
                assertThat(goodbye.getGoodbye().getReason()).isEqualTo(Goodbye.Reason.REASON_REPLACED);
                assertThat(TestCloud.await(WAIT, () -> !b.server().presence().isOnline(p.serial()))).isTrue();
                assertThat(newer.isOpen()).isTrue();
                assertThat(a.server().presence().isOnline(p.serial())).isTrue();
                assertThat(TestCloud.await(WAIT, () -> b.server().cluster().locator().nodeOf(p.serial())
                        .map(n -> n.nodeId().equals("node-a")).orElse(false))).isTrue();
            }
        }
    }

    @Test
    void theCamerasOfANodeThatStopsRenewingItsLeaveTheDirectoryWithinTheLease() throws Exception {
        TestCloud.Provisioned p = b.provision();
        try (HandCamera camera = HandCamera.online(p, b.server().gatewayPort(), "0.1.0")) {
            assertThat(TestCloud.await(WAIT, () -> a.server().presence().onlineAnywhere(p.serial()))).isTrue();
            assertThat(a.server().cluster().directory().nodes()).extracting(n -> n.address().nodeId())
                    .containsExactly("node-a", "node-b");

            b.server().cluster().directory().stopRenewing(); // node B hangs, its camera still connected to it
            assertThat(TestCloud.await(WAIT, () -> a.server().cluster().locator().nodeOf(p.serial()).isEmpty()))
                    .isTrue();
            assertThat(a.server().presence().onlineAnywhere(p.serial())).isFalse();
            assertThat(a.server().cluster().directory().nodes()).extracting(n -> n.address().nodeId())
                    .containsExactly("node-a");
        }
    }

    @Test
    void aPageOpenOnNodeAHearsACameraOnNodeBComeAndGo() throws Exception {
        TestCloud.Provisioned p = b.provision();
        ApiClient owner = new ApiClient(a.httpBase());
        String cookie = signUp(owner);
        assertThat(owner.claim(p.claimCode(), "Porch").status()).isEqualTo(201);
        try (PushClient page = PushClient.open(a.httpBase(), cookie)) {
            try (HandCamera camera = HandCamera.online(p, b.server().gatewayPort(), "0.1.0")) {
                assertThat(TestCloud.await(WAIT, () -> Boolean.TRUE.equals(lastOnline(page, p.serial())))).isTrue();
            }
            assertThat(TestCloud.await(WAIT, () -> Boolean.FALSE.equals(lastOnline(page, p.serial())))).isTrue();
        }
    }

    @Test
    void aReleaseThroughNodeAEndsTheCamerasSessionOnNodeBSoItStartsFromItsDefaults() throws Exception {
        TestCloud.Provisioned p = b.provision();
        ApiClient owner = new ApiClient(a.httpBase());
        signUp(owner);
        assertThat(owner.claim(p.claimCode(), "Porch").status()).isEqualTo(201);
        try (HandCamera camera = HandCamera.online(p, b.server().gatewayPort(), "0.1.0")) {
            assertThat(TestCloud.await(WAIT, () -> a.server().presence().onlineAnywhere(p.serial()))).isTrue();
            assertThat(owner.delete("/api/cameras/" + p.serial() + "?recordings=delete").status()).isEqualTo(204);
            Envelope goodbye = camera.next();
            assertThat(goodbye.hasGoodbye()).as(goodbye.toString()).isTrue();
            assertThat(goodbye.getGoodbye().getDetail()).contains("released");
        }
    }

    /** Signs up a new user through {@code api}; returns the session cookie a page sends. */
    private static String signUp(ApiClient api) {
        ApiClient.Response r = api.signUp("owner", "correct horse battery");
        assertThat(r.status()).isEqualTo(201);
        String setCookie = r.header("Set-Cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** What the page last heard of the camera being online; null: nothing yet. */
    private static Boolean lastOnline(PushClient page, String serial) {
        var changes = page.named("camera").stream()
                .filter(m -> m.data().get("serial").asText().equals(serial)).toList();
        return changes.isEmpty() ? null : changes.get(changes.size() - 1).data().get("online").asBoolean();
    }
}
