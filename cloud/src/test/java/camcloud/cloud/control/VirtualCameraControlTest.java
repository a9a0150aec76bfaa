package camcloud.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl;
import camcloud.device.video.VideoSourceSpec;
import com.fasterxml.jackson.databind.JsonNode;
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
 * The whole way: owner → HTTP → cloud → TLS → the real virtual camera on a live scene (its picture,
 * head and settings) and back. The camera's own checks answer what the cloud cannot know (its
 * resolutions, its head's limits, its presets); what it applied survives a reconnect, and a release
 * puts it back to its defaults.
 */
class VirtualCameraControlTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    TestCloud cloud;
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ScheduledExecutorService videoClock = Executors.newSingleThreadScheduledExecutor();
    VirtualCamera camera;
    TestCloud.Provisioned provisioned;
    ApiClient owner;
    String base;

    @BeforeEach
    void start() throws Exception {
        cloud = TestCloud.start(dir);
        provisioned = cloud.provision();
        VideoSourceSpec scene = new VideoSourceSpec.Scene(SceneScript.staticScene(), null,
                LiveSceneSource.defaults(new SceneControl.Resolution(320, 180), 10, 300));
        camera = VirtualCamera.powerOn(provisioned.flash(), loops, AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)), new CameraVideo(scene, videoClock, dir));
        owner = new ApiClient(cloud.httpBase());
        owner.signUp("owner", "correct horse battery");
        assertThat(owner.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
        base = "/api/cameras/" + provisioned.serial();
        assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(provisioned.serial()))).isTrue();
        // Its first status after Welcome reports its state and limits.
        assertThat(TestCloud.await(WAIT, () -> owner.get(base + "/settings").json().get("state")
                .has("caps.resolutions"))).isTrue();
    }

    @AfterEach
    void stop() throws Exception {
        camera.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        videoClock.shutdownNow();
        cloud.close();
    }

    @Test
    void settingsPtzPresetsAndDayNightRoundTripThroughTheRealCamera() {
        JsonNode first = owner.get(base + "/settings").json();
        assertThat(first.get("online").asBoolean()).isTrue();
        assertThat(first.get("state").get("caps.resolutions").asText()).contains("640x360");
        assertThat(first.get("settings").get("video.resolution").asText()).isEqualTo("320x180");

        ApiClient.Response applied = owner.patch(base + "/settings", Map.of("image.brightness", 20,
                "video.resolution", "640x360", "motion.zones", "door:detect:0.5,0.5,0.5,0.5"));
        assertThat(applied.status()).as(applied.text()).isEqualTo(200);
        assertThat(applied.json().get("state").get("image.brightness").asText()).isEqualTo("20");
        assertThat(applied.json().get("state").get("video.resolution").asText()).isEqualTo("640x360");
        assertThat(camera.video().sceneControl().orElseThrow().imageSettings().resolution())
                .isEqualTo(new SceneControl.Resolution(640, 360));

        // What only the camera knows: its resolutions.
        ApiClient.Response tooBig = owner.patch(base + "/settings", Map.of("video.resolution", "1920x1080"));
        assertThat(tooBig.status()).isEqualTo(400);
        assertThat(tooBig.json().get("result").asText()).isEqualTo("rejected");
        assertThat(tooBig.error()).contains("video.resolution").contains("1920x1080");

        ApiClient.Response moved = owner.post(base + "/ptz", Map.of("pan", 30, "tilt", 10, "speed", 90));
        assertThat(moved.status()).as(moved.text()).isEqualTo(200);
        ApiClient.Response beyond = owner.post(base + "/ptz", Map.of("pan", 200, "tilt", 0));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.error()).contains("pan 200");
        assertThat(TestCloud.await(WAIT, () -> {
            JsonNode state = owner.get(base + "/settings").json().get("state");
            return state.has("ptz.pan_deg") && state.get("ptz.pan_deg").asText().equals("30")
                    && state.get("ptz.moving").asText().equals("false");
        })).isTrue();

        ApiClient.Response saved = owner.send("PUT", base + "/ptz/presets/Door", null, null, Map.of());
        assertThat(saved.status()).as(saved.text()).isEqualTo(200);
        assertThat(saved.json().get("state").get("ptz.presets").asText()).isEqualTo("Door:30,10");
        ApiClient.Response nowhere = owner.post(base + "/ptz/presets/Nowhere/goto", Map.of());
        assertThat(nowhere.status()).isEqualTo(400);
        assertThat(nowhere.error()).contains("unknown preset 'Nowhere'");

        ApiClient.Response night = owner.send("PUT", base + "/daynight", "{\"mode\":\"night\"}", "application/json",
                Map.of());
        assertThat(night.status()).as(night.text()).isEqualTo(200);
        assertThat(night.json().get("state").get("daynight.mode").asText()).isEqualTo("night");
        assertThat(TestCloud.await(WAIT, () -> owner.get(base + "/settings").json().get("state")
                .get("daynight.state").asText().equals("night"))).isTrue();

        JsonNode log = owner.get(base + "/commands").json().get("commands");
        assertThat(log).extracting(e -> e.get("kind").asText()).containsExactly("daynight.night", "ptz.preset.goto",
                "ptz.preset.save", "ptz.move", "ptz.move", "settings", "settings");
        assertThat(log).extracting(e -> e.get("result").asText()).containsExactly("ok", "rejected", "ok", "rejected",
                "ok", "rejected", "ok");
    }

    @Test
    void aReleasedCameraGoesBackToItsDefaultsAndTheNextOwnerSeesNoneOfTheLastOnesSettings() {
        assertThat(owner.patch(base + "/settings", Map.of("image.brightness", 40, "motion.sensitivity", 90))
                .status()).isEqualTo(200);
        assertThat(owner.get(base + "/settings").json().get("settings").get("image.brightness").asText())
                .isEqualTo("40");

        assertThat(owner.delete(base + "?recordings=delete").status()).isEqualTo(204);

        ApiClient next = new ApiClient(cloud.httpBase());
        next.signUp("next", "the next owner's password");
        assertThat(next.claim(provisioned.claimCode(), "Mine now").status()).isEqualTo(201);
        // The camera dialled again, took the empty settings of its Welcome and reported its defaults.
        assertThat(TestCloud.await(WAIT, () -> {
            JsonNode s = next.get(base + "/settings").json();
            return s.get("online").asBoolean() && s.get("state").has("caps.resolutions")
                    && s.get("settings").get("image.brightness").asText().equals("0");
        })).isTrue();
        assertThat(next.get(base + "/settings").json().get("settings").get("motion.sensitivity").asText())
                .isEqualTo("50");
        assertThat(next.get(base + "/commands").json().get("commands")).isEmpty();
    }
}
