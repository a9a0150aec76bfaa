package camcloud.device.camera;

import static camcloud.device.camera.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.agent.AgentSettings;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.provision.FactoryImage;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.ApplySettings;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.PtzMove;
import camcloud.protocol.v1.Reboot;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real virtual camera (U-Boot, system software, agent over TLS 1.3) against a small test gateway:
 * commands and their acks, the status that reports settings, events kept until acknowledged, and
 * settings that survive the camera's reboot.
 */
class VirtualCameraCommandsTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);

    @TempDir
    Path dir;

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private TestGateway gateway;
    private VirtualCamera camera;

    @BeforeEach
    void setUp() throws Exception {
        gateway = new TestGateway();
        Path flashFile = dir.resolve("camera.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(flashFile, MODEL)) {
            FactoryImage.write(flash.chip(), MODEL);
            flash.writeIdentity(gateway.identity("CC-TESTCMD0001", MODEL.id()));
            flash.writeConfig(new CameraConfig("localhost", gateway.port(), Map.of()));
        }
        camera = VirtualCamera.powerOn(flashFile, loops, AgentSettings.defaults("0.1.0")
                .withBackoff(Duration.ofMillis(100), Duration.ofMillis(300)));
        assertThat(await(camera::online)).isTrue();
    }

    @AfterEach
    void tearDown() throws Exception {
        camera.close();
        gateway.close();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static Command.Builder settings(Map<String, String> settings) {
        return Command.newBuilder().setApplySettings(ApplySettings.newBuilder().putAllSettings(settings));
    }

    @Test
    void settingsRoundTripAreReportedInTheStatusAndSurviveAReboot() throws Exception {
        assertThat(await(() -> !gateway.ofKind(Envelope.BodyCase.STATUS).isEmpty())).isTrue();
        assertThat(gateway.ofKind(Envelope.BodyCase.STATUS).get(0).getStatus().getSettingsMap())
                .containsEntry("motion.sensitivity", "50").containsEntry("daynight.state", "day")
                .doesNotContainKey("caps.ptz");

        CommandAck ack = gateway.send(settings(Map.of("motion.sensitivity", "80", "recording.mode", "events",
                "recording.pre_roll_s", "8"))).get();
        assertThat(ack.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(ack.getStateMap()).containsEntry("motion.sensitivity", "80").containsEntry("recording.mode", "events");
        assertThat(await(() -> gateway.ofKind(Envelope.BodyCase.STATUS).stream()
                .anyMatch(s -> "80".equals(s.getStatus().getSettingsMap().get("motion.sensitivity"))))).isTrue();

        CommandAck bad = gateway.send(settings(Map.of("motion.sensitivity", "90", "video.resolution", "1920x1080")))
                .get();
        assertThat(bad.getResult()).isEqualTo(CommandAck.Result.RESULT_REJECTED);
        assertThat(bad.getMessage()).startsWith("video.resolution 1920x1080 is not one of");
        assertThat(bad.getStateMap()).containsEntry("motion.sensitivity", "80");

        long sessions = gateway.connections.size();
        assertThat(gateway.send(Command.newBuilder().setReboot(Reboot.getDefaultInstance())).get().getResult())
                .isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(await(() -> gateway.connections.size() > sessions && camera.online())).isTrue();
        assertThat(camera.settings().asMap()).containsEntry("motion.sensitivity", "80")
                .containsEntry("recording.mode", "events").containsEntry("recording.pre_roll_s", "8");
        CommandAck pong = gateway.send(Command.newBuilder().setPing(camcloud.protocol.v1.Ping.getDefaultInstance()))
                .get();
        assertThat(pong.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(pong.getStateMap()).containsEntry("motion.sensitivity", "80");
    }

    @Test
    void theOwnersSettingsInAWelcomeAreAdoptedAndAnEmptySetMeansTheDefaults() throws Exception {
        gateway.welcomeSettings = Map.of("motion.sensitivity", "70", "sound.enabled", "false",
                "video.resolution", "1920x1080"); // one the camera cannot make: left at its default
        int connections = gateway.connections.size();
        camera.agent().dropConnection();
        assertThat(await(() -> gateway.connections.size() > connections && camera.online()
                && "70".equals(camera.settings().get("motion.sensitivity")))).isTrue();
        assertThat(camera.settings().asMap()).containsEntry("sound.enabled", "false")
                .containsEntry("video.resolution", "640x360");
        assertThat(await(() -> gateway.ofKind(Envelope.BodyCase.STATUS).stream()
                .anyMatch(s -> "70".equals(s.getStatus().getSettingsMap().get("motion.sensitivity"))))).isTrue();

        gateway.welcomeSettings = Map.of(); // released: the next owner starts from the defaults
        int again = gateway.connections.size();
        camera.agent().dropConnection();
        assertThat(await(() -> gateway.connections.size() > again && camera.online()
                && "50".equals(camera.settings().get("motion.sensitivity")))).isTrue();
        assertThat(camera.settings().get("sound.enabled")).isEqualTo("true");
    }

    @Test
    void aCameraWithoutAHeadSaysSoAndAnnouncesNoPtz() throws Exception {
        CommandAck ack = gateway.send(Command.newBuilder().setPtzMove(PtzMove.newBuilder().setPanDeg(10))).get();
        assertThat(ack.getResult()).isEqualTo(CommandAck.Result.RESULT_UNSUPPORTED);
        assertThat(ack.getMessage()).isEqualTo("this camera has no PTZ");
        assertThat(gateway.ofKind(Envelope.BodyCase.HELLO).get(0).getHello().getCapabilitiesList())
                .doesNotContain("ptz.v1", "image.v1");
    }

    @Test
    void eventsAreKeptUntilAcknowledgedAndSentAgainAfterAReconnect() {
        gateway.acknowledgeEvents = false;
        CameraEvent start = CameraEvent.newBuilder().setEventId("e-1").setPhase(CameraEvent.Phase.PHASE_START)
                .setType("motion").setSnapshotType("image/jpeg").build();
        camera.agent().events().offer(start, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3});
        assertThat(await(() -> gateway.events.size() == 1)).isTrue();
        assertThat(gateway.events.get(0).payload()).containsExactly(0xff, 0xd8, 1, 2, 3);
        assertThat(camera.agent().events().pending()).isEqualTo(1);

        gateway.acknowledgeEvents = true;
        int connections = gateway.connections.size();
        camera.agent().dropConnection();
        assertThat(await(() -> gateway.connections.size() > connections && gateway.events.size() == 2)).isTrue();
        TestGateway.ReceivedEvent again = gateway.events.get(1);
        assertThat(again.event()).isEqualTo(start);
        assertThat(again.connection()).isGreaterThan(gateway.events.get(0).connection());
        assertThat(await(() -> camera.agent().events().pending() == 0)).isTrue();
    }
}
