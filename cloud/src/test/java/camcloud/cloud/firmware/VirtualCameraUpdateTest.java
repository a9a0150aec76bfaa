package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.flash.PowerCut;
import camcloud.device.system.SystemRun;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.LedState;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole update as a camera owner's camera lives it, over real sockets: a virtual camera boots
 * its factory firmware through U-Boot, its agent connects, an operator sets a target version over
 * the HTTP API, the cloud pushes a signed offer to the running agent, the camera downloads the
 * bundle over HTTPS, writes it, reboots through U-Boot and comes back online on the new version —
 * {@code installed} for the operator — with {@code tech} and {@code config} untouched. The keys it checks offer and bundle against are
 * the ones the factory pinned at provisioning, nothing passed in by the test.
 */
class VirtualCameraUpdateTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);
    private static final Duration UPDATE_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void targetSetWhileOnlineIsPushedInstalledAndBootedWithoutAnyoneTouchingTheCamera() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server()); // publishing key trusted before provisioning
            TestCloud.Provisioned p = cloud.provision();
            byte[] tech = partition(p.flash(), "tech");
            byte[] config = partition(p.flash(), "config");
            VirtualCamera camera = cloud.powerOn(p.flash());
            assertThat(camera.firmwareVersion()).isEqualTo(VirtualCamera.FACTORY_FIRMWARE);
            assertThat(camera.lastBoot().log()).anyMatch(l -> l.contains("normal mode"));
            assertThat(TestCloud.await(Duration.ofSeconds(10), camera::online)).isTrue();
            assertThat(cloud.server().presence().get(p.serial()).orElseThrow().firmwareVersion())
                    .isEqualTo(VirtualCamera.FACTORY_FIRMWARE);

            fw.publish(MODEL, "1.0.0");
            ApiClient.Response set = operator(cloud).send("PUT", "/api/operator/cameras/" + p.serial() + "/firmware",
                    "{\"version\":\"1.0.0\"}", "application/json", bearer(cloud));
            assertThat(set.status()).as(set.text()).isEqualTo(200);
            assertThat(set.json().get("runningVersion").asText()).isEqualTo(VirtualCamera.FACTORY_FIRMWARE);

            assertThat(TestCloud.await(UPDATE_TIMEOUT, () -> "1.0.0".equals(camera.firmwareVersion()) && camera.online()))
                    .as("camera on 1.0.0 and online; last boot: %s", camera.lastBoot()).isTrue();
            assertThat(TestCloud.await(Duration.ofSeconds(10), () -> cloud.server().presence().get(p.serial())
                    .map(c -> c.firmwareVersion().equals("1.0.0")).orElse(false))).isTrue();
            assertThat(cloud.server().firmware().progress(p.serial()).orElseThrow().step())
                    .isEqualTo("UPDATE_STEP_REBOOTING");
            ApiClient.Response status = operator(cloud).send("GET", "/api/operator/cameras/" + p.serial()
                    + "/firmware", null, null, bearer(cloud));
            assertThat(status.json().get("state").asText()).isEqualTo("installed");
            assertThat(status.json().get("runningVersion").asText()).isEqualTo("1.0.0");
            assertThat(camera.led()).isEqualTo(LedState.LED_STATE_ONLINE);
            assertThat(camera.lastBoot().outcome()).isEqualTo(SystemRun.Outcome.NORMAL);
            camera.close();
            assertThat(partition(p.flash(), "tech")).isEqualTo(tech);
            assertThat(partition(p.flash(), "config")).isEqualTo(config);
        }
    }

    @Test
    void afterTheUpdateRebootTheVideoAppStreamsAgainAndTheRecordingGoesOn() throws Exception {
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor();
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            TestCloud.Provisioned p = cloud.provision();
            SegmentIndex index = new SegmentIndex(cloud.server().database());
            try (VirtualCamera camera = VirtualCamera.powerOn(p.flash(), loops,
                    AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                            .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                    new CameraVideo(new VideoSourceSpec.Synthetic(new SceneSettings(320, 180, 15, 300, 15, 2)),
                            videoClock, dir))) {
                assertThat(TestCloud.await(UPDATE_TIMEOUT, () -> !index.segments(p.serial(), 0, Long.MAX_VALUE)
                        .isEmpty())).as("recording on the factory firmware").isTrue();
                fw.publish(MODEL, "1.0.0");
                cloud.server().firmware().setTarget(p.serial(), MODEL.id(), "1.0.0");
                assertThat(TestCloud.await(UPDATE_TIMEOUT, () -> "1.0.0".equals(camera.firmwareVersion())
                        && camera.online())).isTrue();
                // media sequence numbers start at 0 with each boot: a second segment from 0 is the new boot's video
                assertThat(TestCloud.await(UPDATE_TIMEOUT, () -> index.segments(p.serial(), 0, Long.MAX_VALUE).stream()
                        .filter(s -> s.firstSequence() == 0).count() == 2))
                        .as("a segment recorded from the video app of the new firmware").isTrue();
                assertThat(camera.uplink().stats().unitsSent()).isPositive();
            }
        } finally {
            videoClock.shutdownNow();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCameraThatPowersOnWithATargetUpdatesRightAfterConnecting() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned p = provisionedWithTarget(cloud, "1.2.0");

            VirtualCamera camera = cloud.powerOn(p.flash());
            assertThat(TestCloud.await(UPDATE_TIMEOUT, () -> "1.2.0".equals(camera.firmwareVersion()) && camera.online()))
                    .as("camera on 1.2.0 and online; last boot: %s", camera.lastBoot()).isTrue();
        }
    }

    @Test
    void aCameraCutOffInTheMiddleOfAnUpdateRecoversOnItsOwnAtTheNextPowerOn() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned p = provisionedWithTarget(cloud, "1.0.0");
            // the system software updates and the power goes off at the 40th block operation: the
            // backup kernel is in, the kernel partition half rewritten
            SystemRun cut = FirmwareFixture.system(p.flash()).powerOn(PowerCut.at(40, PowerCut.Granularity.BLOCK, 40));
            assertThat(cut.outcome()).as(String.join("\n", cut.log())).isEqualTo(SystemRun.Outcome.POWER_CUT);

            VirtualCamera camera = cloud.powerOn(p.flash());
            assertThat(camera.lastBoot().log()).as(String.join("\n", camera.lastBoot().log()))
                    .anyMatch(l -> l.contains("recovery mode"));
            assertThat(camera.firmwareVersion()).isEqualTo("1.0.0");
            assertThat(TestCloud.await(Duration.ofSeconds(10), camera::online)).isTrue();
        }
    }

    @Test
    void aCameraThatPinnedNoKeyIsRefusedItsTargetByTheCloudAndRefusesTheBundleItselfWhenTheCloudCannotKnow()
            throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            TestCloud.Provisioned p = cloud.provision(); // the cloud trusts no publishing key yet
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            fw.publish(MODEL, "1.0.0");
            VirtualCamera camera = cloud.powerOn(p.flash());
            assertThat(TestCloud.await(Duration.ofSeconds(10), camera::online)).isTrue();
            byte[] before = Files.readAllBytes(p.flash());
            String target = "/api/operator/cameras/" + p.serial() + "/firmware";

            // the cloud recorded that the camera pinned no key: it refuses, the camera is told nothing
            ApiClient.Response refused = operator(cloud).send("PUT", target, "{\"version\":\"1.0.0\"}",
                    "application/json", bearer(cloud));
            assertThat(refused.status()).isEqualTo(409);
            assertThat(refused.error()).contains("pinned no publishing key");
            assertThat(cloud.server().firmware().target(p.serial())).isEmpty();

            // a camera from before the cloud recorded pinned keys: the cloud cannot know, lets the target
            // through with a warning, and the camera refuses the bundle by its own keys
            cloud.server().database().inTransaction(c -> {
                try (var delete = c.prepareStatement("DELETE FROM firmware_pinned_keys WHERE camera_serial = ?")) {
                    delete.setString(1, p.serial());
                    delete.executeUpdate();
                }
            });
            ApiClient.Response allowed = operator(cloud).send("PUT", target, "{\"version\":\"1.0.0\"}",
                    "application/json", bearer(cloud));
            assertThat(allowed.status()).as(allowed.text()).isEqualTo(200);
            assertThat(allowed.json().get("warnings").get(0).asText()).contains("are unknown");
            assertThat(TestCloud.await(UPDATE_TIMEOUT, () -> cloud.server().firmware().progress(p.serial())
                    .map(s -> s.step().equals("UPDATE_STEP_REFUSED")).orElse(false))).isTrue();
            assertThat(cloud.server().firmware().progress(p.serial()).orElseThrow().error()).contains("unknown key");
            assertThat(operator(cloud).send("GET", target, null, null, bearer(cloud)).json().get("state").asText())
                    .isEqualTo("failed");
            assertThat(camera.firmwareVersion()).isEqualTo(VirtualCamera.FACTORY_FIRMWARE);
            assertThat(camera.online()).isTrue();
            camera.close();
            assertThat(Files.readAllBytes(p.flash())).isEqualTo(before);
        }
    }

    /** A camera provisioned after a publishing key was trusted, with {@code version} published and set as its target. */
    private static TestCloud.Provisioned provisionedWithTarget(TestCloud cloud, String version) throws Exception {
        FirmwareFixture fw = new FirmwareFixture(cloud.server());
        TestCloud.Provisioned p = cloud.provision();
        fw.publish(MODEL, version);
        cloud.server().firmware().setTarget(p.serial(), MODEL.id(), version);
        return p;
    }

    private static ApiClient operator(TestCloud cloud) {
        return new ApiClient(cloud.httpBase());
    }

    private static Map<String, String> bearer(TestCloud cloud) {
        return Map.of("Authorization", "Bearer " + cloud.server().operatorToken());
    }

    private static byte[] partition(Path flash, String name) throws Exception {
        var part = MODEL.layout().partition(name);
        return Arrays.copyOfRange(Files.readAllBytes(flash), (int) part.offset(), (int) part.end());
    }
}
