package camcloud.cloud.control;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraFlash;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.DayNightMode;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.PtzPreset;
import com.fasterxml.jackson.databind.JsonNode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Commands through a real node to a real cloud agent over TLS: every kind round-trips with its id and
 * the camera's state; an offline camera, a silent one, a refusing one and a caller who may not
 * control each get their clear answer.
 */
class CameraCommandsTest {

    static final Duration WAIT = Duration.ofSeconds(10);
    static final List<String> EVERYTHING = List.of("commands.v1", "ptz.v1", "image.v1", "events.v1",
            "event_recording.v1");

    @TempDir
    Path dir;
    TestCloud cloud;
    EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ApiClient owner;
    TestCloud.Provisioned provisioned;
    String base;

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir, c -> c.withHttp(c.http().withCommandTimeout(Duration.ofSeconds(1))));
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

    ControlledCamera powerOn(List<String> capabilities) throws IOException {
        ControlledCamera camera = new ControlledCamera(cloud, provisioned.flash(), loops, capabilities);
        assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(camera.serial))).isTrue();
        return camera;
    }

    @Test
    void everyCommandKindRoundTripsWithItsIdAndTheCameraState() throws IOException {
        try (ControlledCamera camera = powerOn(EVERYTHING)) {
            List<ApiClient.Response> answers = new ArrayList<>();
            answers.add(owner.post(base + "/commands", Map.of("type", "ping")));
            answers.add(owner.post(base + "/commands", Map.of("type", "reboot")));
            answers.add(owner.patch(base + "/settings", Map.of("image.brightness", 20, "motion.enabled", false)));
            answers.add(owner.post(base + "/ptz", Map.of("pan", 30.5, "tilt", -10, "speed", 45)));
            answers.add(owner.post(base + "/ptz", Map.of("pan", 5, "relative", true)));
            answers.add(owner.post(base + "/ptz", Map.of("stop", true)));
            answers.add(owner.send("PUT", base + "/ptz/presets/Front%20door", null, null, Map.of()));
            answers.add(owner.post(base + "/ptz/presets/Front%20door/goto", Map.of()));
            answers.add(owner.delete(base + "/ptz/presets/Front%20door"));
            answers.add(owner.send("PUT", base + "/daynight", "{\"mode\":\"night\"}", "application/json", Map.of()));

            assertThat(answers).allSatisfy(r -> {
                assertThat(r.status()).as(r.text()).isEqualTo(200);
                assertThat(r.json().get("result").asText()).isEqualTo("ok");
            });
            // The id the caller got is the id the camera saw on the wire, one per command.
            List<Long> ids = answers.stream().map(r -> r.json().get("id").asLong()).toList();
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(camera.received).extracting(Command::getId).containsExactlyElementsOf(ids);
            assertThat(camera.received).extracting(Command::getKindCase).containsExactly(
                    Command.KindCase.PING, Command.KindCase.REBOOT, Command.KindCase.APPLY_SETTINGS,
                    Command.KindCase.PTZ_MOVE, Command.KindCase.PTZ_MOVE, Command.KindCase.PTZ_MOVE,
                    Command.KindCase.PTZ_PRESET, Command.KindCase.PTZ_PRESET, Command.KindCase.PTZ_PRESET,
                    Command.KindCase.DAY_NIGHT);

            assertThat(camera.received.get(2).getApplySettings().getSettingsMap())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("image.brightness", "20", "motion.enabled", "false"));
            assertThat(camera.received.get(3).getPtzMove().getPanDeg()).isEqualTo(30.5);
            assertThat(camera.received.get(3).getPtzMove().getTiltDeg()).isEqualTo(-10);
            assertThat(camera.received.get(3).getPtzMove().getSpeedDegPerS()).isEqualTo(45);
            assertThat(camera.received.get(4).getPtzMove().getRelative()).isTrue();
            assertThat(camera.received.get(5).getPtzMove().getStop()).isTrue();
            assertThat(camera.received.get(6).getPtzPreset().getAction()).isEqualTo(PtzPreset.Action.ACTION_SAVE);
            assertThat(camera.received.get(6).getPtzPreset().getName()).isEqualTo("Front door");
            assertThat(camera.received.get(7).getPtzPreset().getAction()).isEqualTo(PtzPreset.Action.ACTION_GOTO);
            assertThat(camera.received.get(8).getPtzPreset().getAction()).isEqualTo(PtzPreset.Action.ACTION_DELETE);
            assertThat(camera.received.get(9).getDayNight().getMode()).isEqualTo(DayNightMode.Mode.MODE_NIGHT);

            assertThat(answers.get(0).json().get("message").asText()).isEqualTo("pong");
            assertThat(answers.get(2).json().get("state").get("image.brightness").asText()).isEqualTo("20");
            assertThat(answers.get(3).json().get("state").get("ptz.pan_deg").asText()).isEqualTo("30.5");
            assertThat(answers.get(9).json().get("state").get("daynight.state").asText()).isEqualTo("night");

            // The owner sees them in the camera's command log, newest first, with who sent them.
            JsonNode log = owner.get(base + "/commands").json().get("commands");
            assertThat(log).hasSize(10);
            assertThat(log.get(0).get("id").asLong()).isEqualTo(ids.get(9));
            assertThat(log.get(0).get("kind").asText()).isEqualTo("daynight.night");
            assertThat(log.get(9).get("kind").asText()).isEqualTo("ping");
            assertThat(log).allSatisfy(e -> {
                assertThat(e.get("result").asText()).isEqualTo("ok");
                assertThat(e.get("by").asText()).isEqualTo("owner");
                assertThat(e.get("endedAt").isNull()).isFalse();
            });
        }
    }

    @Test
    void anOfflineCameraIsRefusedAtOnce() {
        for (ApiClient.Response r : List.of(
                owner.post(base + "/commands", Map.of("type", "ping")),
                owner.post(base + "/ptz", Map.of("stop", true)),
                owner.patch(base + "/settings", Map.of("image.brightness", 5)),
                owner.send("PUT", base + "/daynight", "{\"mode\":\"day\"}", "application/json", Map.of()))) {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.error()).isEqualTo("camera is offline");
        }
        JsonNode settings = owner.get(base + "/settings").json();
        assertThat(settings.get("online").asBoolean()).isFalse();
        assertThat(settings.get("settings").get("image.brightness").asText()).isEqualTo("0");
        assertThat(owner.get(base + "/commands").json().get("commands")).isEmpty();
    }

    @Test
    void aCameraThatNeverAnswersTimesOutItsPendingEntryGoesAndALateAckIsIgnoredAndCounted() throws Exception {
        try (GatewayClient silent = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forIdentity(identity()), WAIT)) {
            silent.send(Envelope.newBuilder().setHello(Hello.newBuilder()
                    .setProtocolVersion(ProtocolVersion.CURRENT).setSerial(provisioned.serial())
                    .setModel("xiaomi-yi-ants").setFirmwareVersion("1.0.0").addAllCapabilities(EVERYTHING)).build());
            assertThat(silent.receive(WAIT).hasWelcome()).isTrue();
            silent.heartbeatEvery(Duration.ofMillis(100));

            ApiClient.Response r = owner.post(base + "/commands", Map.of("type", "ping"));

            assertThat(r.status()).isEqualTo(504);
            assertThat(r.error()).isEqualTo("camera did not answer within 1 s");
            long id = r.json().get("id").asLong();
            assertThat(cloud.server().presence().get(provisioned.serial()).orElseThrow().pendingCommands()).isZero();

            Command command = receiveCommand(silent);
            assertThat(command.getId()).isEqualTo(id);
            long lateBefore = cloud.server().gatewayStats().lateCommandAcks();
            silent.send(Envelope.newBuilder().setCommandAck(CommandAck.newBuilder().setId(id)
                    .setResult(CommandAck.Result.RESULT_OK).setMessage("pong, late")).build());
            assertThat(TestCloud.await(WAIT, () -> cloud.server().gatewayStats().lateCommandAcks() == lateBefore + 1))
                    .isTrue();
            JsonNode entry = owner.get(base + "/commands").json().get("commands").get(0);
            assertThat(entry.get("id").asLong()).isEqualTo(id);
            assertThat(entry.get("result").asText()).isEqualTo("timeout");
            assertThat(silent.isOpen()).isTrue();
        }
    }

    @Test
    void aCommandTheCameraRejectsIsA400WithTheCameraMessage() throws IOException {
        try (ControlledCamera camera = powerOn(EVERYTHING)) {
            camera.answer = c -> CommandAck.newBuilder().setResult(CommandAck.Result.RESULT_REJECTED)
                    .setMessage("video.resolution 1920x1080 is not one of 1280x720, 640x360").build();

            ApiClient.Response r = owner.patch(base + "/settings", Map.of("video.resolution", "1920x1080"));

            assertThat(r.status()).isEqualTo(400);
            assertThat(r.error()).isEqualTo("video.resolution 1920x1080 is not one of 1280x720, 640x360");
            assertThat(r.json().get("result").asText()).isEqualTo("rejected");
            assertThat(r.json().get("id").asLong()).isEqualTo(camera.received.get(0).getId());
            // Not applied, so not the owner's setting.
            assertThat(owner.get(base + "/settings").json().get("settings").has("video.resolution")).isFalse();

            camera.answer = c -> CommandAck.newBuilder().setResult(CommandAck.Result.RESULT_REJECTED)
                    .setMessage("pan 200 is outside -170..170").build();
            ApiClient.Response ptz = owner.post(base + "/ptz", Map.of("pan", 200, "tilt", 0));
            assertThat(ptz.status()).isEqualTo(400);
            assertThat(ptz.error()).isEqualTo("pan 200 is outside -170..170");
        }
    }

    @Test
    void aCameraWithoutPtzOrImageControlIsToldSoBeforeAnythingIsSent() throws IOException {
        try (ControlledCamera camera = powerOn(List.of("commands.v1"))) {
            ApiClient.Response ptz = owner.post(base + "/ptz", Map.of("pan", 10, "tilt", 0));
            assertThat(ptz.status()).isEqualTo(501);
            assertThat(ptz.error()).isEqualTo("this camera has no PTZ (it did not announce ptz.v1)");
            assertThat(owner.post(base + "/ptz/presets/Home/goto", Map.of()).status()).isEqualTo(501);
            ApiClient.Response image = owner.patch(base + "/settings", Map.of("image.contrast", 10));
            assertThat(image.status()).isEqualTo(501);
            assertThat(image.error()).contains("image.v1");
            assertThat(camera.received).isEmpty();
            // What every camera takes still works.
            assertThat(owner.post(base + "/commands", Map.of("type", "ping")).status()).isEqualTo(200);
        }
    }

    @Test
    void aViewerOrAStrangerCannotControlTheCamera() throws IOException {
        try (ControlledCamera camera = powerOn(EVERYTHING)) {
            ApiClient viewer = new ApiClient(cloud.httpBase());
            viewer.signUp("viewer", "another good password");
            assertThat(owner.post(base + "/shares", Map.of("username", "viewer")).status()).isEqualTo(201);
            ApiClient stranger = new ApiClient(cloud.httpBase());
            stranger.signUp("stranger", "yet another password");

            for (ApiClient caller : List.of(viewer, stranger)) {
                int expected = caller == viewer ? 403 : 404;
                assertThat(caller.get(base + "/settings").status()).isEqualTo(expected);
                assertThat(caller.get(base + "/commands").status()).isEqualTo(expected);
                assertThat(caller.patch(base + "/settings", Map.of("image.brightness", 1)).status()).isEqualTo(expected);
                assertThat(caller.post(base + "/ptz", Map.of("stop", true)).status()).isEqualTo(expected);
                assertThat(caller.send("PUT", base + "/ptz/presets/Mine", null, null, Map.of()).status())
                        .isEqualTo(expected);
                assertThat(caller.send("PUT", base + "/daynight", "{\"mode\":\"day\"}", "application/json", Map.of())
                        .status()).isEqualTo(expected);
                assertThat(caller.post(base + "/commands", Map.of("type", "reboot")).status()).isEqualTo(expected);
            }
            assertThat(camera.received).isEmpty();
        }
    }

    private camcloud.device.identity.CameraIdentity identity() throws IOException {
        try (CameraFlash f = CameraFlash.open(provisioned.flash(), CameraModels.builtIn())) {
            return f.identity();
        }
    }

    static Command receiveCommand(GatewayClient client) throws IOException {
        while (true) {
            Envelope e = client.receive(WAIT);
            if (e == null) {
                throw new AssertionError("no command arrived");
            }
            if (e.hasCommand()) {
                return e.getCommand();
            }
        }
    }
}
