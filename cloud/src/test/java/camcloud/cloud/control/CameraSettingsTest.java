package camcloud.cloud.control;

import static camcloud.cloud.control.CameraCommandsTest.EVERYTHING;
import static camcloud.cloud.control.CameraCommandsTest.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.Welcome;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Settings through a real node: bad input stops in the cloud; what the camera applied is its owner's
 * and comes back in every Welcome; what it reports shows in GET; a release forgets all of it.
 */
class CameraSettingsTest {

    @TempDir
    Path dir;
    TestCloud cloud;
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ApiClient owner;
    TestCloud.Provisioned provisioned;
    String base;

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
        owner = new ApiClient(cloud.httpBase());
        owner.signUp("owner", "correct horse battery");
        provisioned = cloud.provision();
        assertThat(owner.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
        base = "/api/cameras/" + provisioned.serial();
    }

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
        cloud.close();
    }

    ControlledCamera powerOn() throws IOException {
        ControlledCamera camera = new ControlledCamera(cloud, provisioned.flash(), loops, EVERYTHING);
        assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(camera.serial))).isTrue();
        return camera;
    }

    @Test
    void badInputIsRefusedInTheCloudNamingTheKeyAndNothingReachesTheCamera() throws IOException {
        try (ControlledCamera camera = powerOn()) {
            Map<Object, String> refused = new LinkedHashMap<>();
            refused.put(Map.of("pan", "10", "tilt", 0), "field 'pan' must be a number");
            refused.put(Map.of("pan", 10), "an absolute move needs both 'pan' and 'tilt'");
            refused.put(Map.of("pan", 1e9, "tilt", 0), "field 'pan' must be from -360 to 360");
            refused.put(Map.of("stop", true, "pan", 3), "a stop takes no other field");
            refused.put(Map.of("pan", 1, "tilt", 1, "zoom", 2), "unknown field 'zoom'");
            refused.forEach((body, error) -> {
                ApiClient.Response r = owner.post(base + "/ptz", body);
                assertThat(r.status()).as(body.toString()).isEqualTo(400);
                assertThat(r.error()).as(body.toString()).startsWith(error);
            });

            Map<Map<String, Object>, String> settings = new LinkedHashMap<>();
            settings.put(Map.of("image.sharpness", 5), "unknown setting 'image.sharpness'; known settings: image.brightness");
            settings.put(Map.of("video.resolution", "big"), "video.resolution 'big' is not WIDTHxHEIGHT (e.g. 1280x720)");
            settings.put(Map.of("video.resolution", "1280*720"), "video.resolution '1280*720' is not WIDTHxHEIGHT");
            settings.put(Map.of("video.fps", 0), "video.fps '0' is out of range: 1 to 30");
            settings.put(Map.of("video.fps", "fast"), "video.fps 'fast' is not a whole number (1 to 30)");
            settings.put(Map.of("image.brightness", 101), "image.brightness '101' is out of range: -100 to 100");
            settings.put(Map.of("image.mirror", "yes"), "image.mirror 'yes' is not true or false");
            settings.put(Map.of("motion.min_area_percent", 0.05), "motion.min_area_percent '0.05' is out of range: 0.1 to 100");
            settings.put(Map.of("daynight.mode", "dusk"), "daynight.mode 'dusk' is not one of auto, day, night");
            settings.put(Map.of("motion.zones", "door:detect:0.5,0.5,0.6,0.2"),
                    "motion.zones: zone 1 ('door:detect:0.5,0.5,0.6,0.2') reaches outside the picture");
            settings.put(Map.of("motion.zones", "door:detect:-0.1,0,0.5,0.5"),
                    "motion.zones: zone 1 ('door:detect:-0.1,0,0.5,0.5'): X, Y, W and H must be fractions");
            settings.put(Map.of("motion.zones", "door:watch:0,0,0.5,0.5"), "motion.zones: zone 1 ('door:watch:0,0,0.5,0.5'): the kind must be detect or mask");
            settings.put(Map.of("motion.zones", "a:mask:0,0,0.1,0.1;a:detect:0.5,0.5,0.1,0.1"), "motion.zones: names zone 'a' twice");
            settings.put(Map.of("motion.zones", "no/slash:detect:0,0,1,1"), "motion.zones: zone 1 ('no/slash:detect:0,0,1,1'): the name must be");
            settings.put(Map.of("recording.pre_roll_s", 11), "recording.pre_roll_s '11' is out of range: 0 to 10");
            settings.put(Map.of(), "no settings given");
            settings.forEach((body, error) -> {
                ApiClient.Response r = owner.patch(base + "/settings", body);
                assertThat(r.status()).as(body.toString()).isEqualTo(400);
                assertThat(r.error()).as(body.toString()).startsWith(error);
            });
            // One bad key refuses the whole change.
            ApiClient.Response mixed = owner.patch(base + "/settings", Map.of("image.brightness", 10, "video.fps", 99));
            assertThat(mixed.status()).isEqualTo(400);
            assertThat(owner.patch(base + "/settings", Map.of("image.brightness", List.of(1))).error())
                    .isEqualTo("field 'image.brightness' must be a string, a number or true/false");
            assertThat(owner.send("PUT", base + "/daynight", "{\"mode\":\"dusk\"}", "application/json", Map.of())
                    .error()).isEqualTo("daynight.mode 'dusk' is not one of auto, day, night");
            assertThat(owner.send("PUT", base + "/ptz/presets/bad%2Fname", null, null, Map.of()).status())
                    .isIn(400, 404);

            assertThat(camera.received).isEmpty();
            assertThat(owner.get(base + "/commands").json().get("commands")).isEmpty();

            // Good zones, numbers as strings or numbers, booleans either way: all taken.
            ApiClient.Response good = owner.patch(base + "/settings", Map.of(
                    "motion.zones", "door:detect:0.5,0.5,0.5,0.5;tree:mask:0,0,0.25,1",
                    "video.resolution", "640x360", "video.fps", "15", "image.mirror", true,
                    "sound.threshold_dbfs", -42.5));
            assertThat(good.status()).as(good.text()).isEqualTo(200);
            assertThat(camera.received.get(0).getApplySettings().getSettingsMap()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("motion.zones", "door:detect:0.5,0.5,0.5,0.5;tree:mask:0,0,0.25,1",
                            "video.resolution", "640x360", "video.fps", "15", "image.mirror", "true",
                            "sound.threshold_dbfs", "-42.5"));
        }
    }

    @Test
    void whatTheCameraReportsInItsStatusShowsInGet() throws IOException {
        try (ControlledCamera camera = powerOn()) {
            camera.reportStatus(Map.of("image.brightness", "-5", "video.resolution", "1280x720",
                    "ptz.pan_deg", "12.5", "ptz.presets", "Door:10,5", "daynight.state", "day",
                    "caps.resolutions", "1280x720,640x360,320x180", "caps.ptz", "-170,170,-20,90,90",
                    "BAD KEY", "dropped"));

            assertThat(TestCloud.await(WAIT, () -> "-5".equals(text(owner.get(base + "/settings").json()
                    .get("settings").get("image.brightness"))))).isTrue();
            JsonNode view = owner.get(base + "/settings").json();
            assertThat(view.get("online").asBoolean()).isTrue();
            assertThat(view.get("settings").get("video.resolution").asText()).isEqualTo("1280x720");
            assertThat(view.get("settings").get("motion.sensitivity").asText()).isEqualTo("50"); // default
            assertThat(view.get("state").get("ptz.pan_deg").asText()).isEqualTo("12.5");
            assertThat(view.get("state").get("caps.ptz").asText()).isEqualTo("-170,170,-20,90,90");
            assertThat(view.get("state").has("BAD KEY")).isFalse();
            assertThat(view.get("state").has("image.brightness")).isFalse();

            // A later status is the whole state again: what it no longer says is gone.
            camera.reportStatus(Map.of("image.brightness", "7", "daynight.state", "night"));
            assertThat(TestCloud.await(WAIT, () -> "7".equals(text(owner.get(base + "/settings").json()
                    .get("settings").get("image.brightness"))))).isTrue();
            JsonNode later = owner.get(base + "/settings").json();
            assertThat(later.get("state").get("daynight.state").asText()).isEqualTo("night");
            assertThat(later.get("state").has("ptz.pan_deg")).isFalse();
        }
    }

    @Test
    void aCameraReportingManyTimesASecondEndsWithItsLatestStateAndStaysConnected() throws IOException {
        try (ControlledCamera camera = powerOn()) {
            for (int i = 1; i <= 40; i++) {
                camera.reportStatus(Map.of("image.brightness", Integer.toString(i), "ptz.pan_deg", i + ".0"));
            }
            assertThat(TestCloud.await(WAIT, () -> "40".equals(text(owner.get(base + "/settings").json()
                    .get("settings").get("image.brightness"))))).isTrue();
            assertThat(owner.get(base + "/settings").json().get("state").get("ptz.pan_deg").asText()).isEqualTo("40.0");
            // A report over the limits loses the entries that break them, not the connection.
            Map<String, String> huge = new LinkedHashMap<>();
            huge.put("image.contrast", "3");
            huge.put("ptz.presets", "x".repeat(StateReports.MAX_VALUE + 1));
            for (int i = 0; i < 100; i++) {
                huge.put("extra.key" + i, "v");
            }
            camera.reportStatus(huge);
            assertThat(TestCloud.await(WAIT, () -> "3".equals(text(owner.get(base + "/settings").json()
                    .get("settings").get("image.contrast"))))).isTrue();
            JsonNode state = owner.get(base + "/settings").json().get("state");
            assertThat(state.has("ptz.presets")).isFalse();
            assertThat(state.size()).isLessThanOrEqualTo(StateReports.MAX_KEYS);
            assertThat(owner.post(base + "/commands", Map.of("type", "ping")).status()).isEqualTo(200);
        }
    }

    @Test
    void whatTheOwnerSetGoesOutInEveryWelcomeSoAResetCameraCatchesUp() throws Exception {
        try (ControlledCamera camera = powerOn()) {
            assertThat(owner.patch(base + "/settings", Map.of("image.brightness", 30, "motion.sensitivity", "80"))
                    .status()).isEqualTo(200);
            assertThat(owner.send("PUT", base + "/daynight", "{\"mode\":\"night\"}", "application/json", Map.of())
                    .status()).isEqualTo(200);
            // The camera's presets after a save are kept like settings (a goto changes nothing).
            assertThat(owner.send("PUT", base + "/ptz/presets/Gate", null, null, Map.of()).status()).isEqualTo(200);
            assertThat(owner.post(base + "/ptz/presets/Gate/goto", Map.of()).status()).isEqualTo(200);
        }
        assertThat(TestCloud.await(WAIT, () -> !cloud.server().presence().isOnline(provisioned.serial()))).isTrue();

        try (GatewayClient again = connect()) {
            Welcome welcome = again.receive(WAIT).getWelcome();
            assertThat(welcome.getCapabilitiesList()).contains("settings.v1");
            assertThat(welcome.getSettingsMap()).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "image.brightness", "30", "motion.sensitivity", "80", "daynight.mode", "night",
                    "ptz.presets", "Gate:10,5"));
        }
    }

    @Test
    void aReleaseForgetsTheSettingsTheStateAndTheLogAndTheCameraStartsAgainFromItsDefaults() throws Exception {
        try (ControlledCamera camera = powerOn()) {
            assertThat(owner.patch(base + "/settings", Map.of("motion.zones", "bed:detect:0,0,0.5,0.5"))
                    .status()).isEqualTo(200);
            camera.reportStatus(Map.of("motion.zones", "bed:detect:0,0,0.5,0.5", "ptz.presets", "Bedroom:1,2"));
            assertThat(TestCloud.await(WAIT, () -> owner.get(base + "/settings").json().get("state")
                    .has("ptz.presets"))).isTrue();
            long sessions = camera.agent.sessionsStarted();

            assertThat(owner.delete(base + "?recordings=delete").status()).isEqualTo(204);

            // The camera is told to start again: it reconnects, and its Welcome carries no settings.
            assertThat(TestCloud.await(WAIT, () -> camera.agent.sessionsStarted() > sessions)).isTrue();
            ApiClient next = new ApiClient(cloud.httpBase());
            next.signUp("next", "the next owner's password");
            assertThat(next.claim(provisioned.claimCode(), "Mine now").status()).isEqualTo(201);
            JsonNode view = next.get(base + "/settings").json();
            assertThat(view.get("settings").get("motion.zones").asText()).isEmpty();
            assertThat(view.get("state").has("ptz.presets")).isFalse();
            assertThat(next.get(base + "/commands").json().get("commands")).isEmpty();
        }
        assertThat(TestCloud.await(WAIT, () -> !cloud.server().presence().isOnline(provisioned.serial()))).isTrue();
        try (GatewayClient again = connect()) {
            assertThat(again.receive(WAIT).getWelcome().getSettingsMap()).isEmpty();
        }
    }

    private GatewayClient connect() throws IOException {
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(provisioned.flash(), CameraModels.builtIn())) {
            identity = f.identity();
        }
        GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forIdentity(identity), WAIT);
        client.send(Envelope.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(provisioned.serial()).setModel("xiaomi-yi-ants").setFirmwareVersion("1.0.0")
                .addAllCapabilities(EVERYTHING)).build());
        return client;
    }

    private static String text(JsonNode n) {
        return n == null ? null : n.asText();
    }
}
