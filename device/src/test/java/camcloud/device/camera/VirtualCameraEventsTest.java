package camcloud.device.camera;

import static camcloud.device.camera.TestGateway.await;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.agent.AgentSettings;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.provision.FactoryImage;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.PtzMove;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A virtual camera on the live scene, end to end on the camera's side: its analytics see the figure
 * that crosses, and the motion event reaches the (test) gateway with a JPEG snapshot; it announces
 * events, PTZ and image controls, and its head follows a PTZ command.
 */
class VirtualCameraEventsTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);

    @TempDir
    Path dir;

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(1);
    private TestGateway gateway;
    private VirtualCamera camera;

    @AfterEach
    void tearDown() throws Exception {
        if (camera != null) {
            camera.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        clock.shutdownNow();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void aFigureCrossingTheLiveSceneReachesTheCloudAsAMotionEventWithASnapshot() throws Exception {
        gateway = new TestGateway();
        Path flashFile = dir.resolve("camera.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(flashFile, MODEL)) {
            FactoryImage.write(flash.chip(), MODEL);
            flash.writeIdentity(gateway.identity("CC-TESTEVT0001", MODEL.id()));
            flash.writeConfig(new CameraConfig("localhost", gateway.port(), Map.of()));
        }
        SceneScript script = SceneScript.builder()
                .object(Duration.ofSeconds(2), SceneScript.Side.LEFT, 0.5)
                .build();
        VideoSourceSpec scene = new VideoSourceSpec.Scene(script, null,
                LiveSceneSource.defaults(new Resolution(320, 180), 10, 300));
        camera = VirtualCamera.powerOn(flashFile, loops, AgentSettings.defaults("0.1.0"),
                new CameraVideo(scene, clock, dir));
        assertThat(await(camera::online)).isTrue();
        assertThat(gateway.ofKind(Envelope.BodyCase.HELLO).get(0).getHello().getCapabilitiesList())
                .contains("events.v1", "ptz.v1", "image.v1");

        assertThat(await(() -> gateway.events.stream().anyMatch(e -> e.event().getType().equals("motion")
                && e.event().getPhase() == CameraEvent.Phase.PHASE_END))).isTrue();
        TestGateway.ReceivedEvent start = gateway.events.stream()
                .filter(e -> e.event().getPhase() == CameraEvent.Phase.PHASE_START).findFirst().orElseThrow();
        assertThat(start.event().getType()).isEqualTo("motion");
        assertThat(start.event().getSnapshotType()).isEqualTo("image/jpeg");
        BufferedImage snapshot = ImageIO.read(new ByteArrayInputStream(start.payload()));
        assertThat(snapshot.getWidth()).isEqualTo(320);
        assertThat(await(() -> camera.agent().events().pending() == 0)).isTrue();

        CommandAck move = gateway.send(Command.newBuilder().setPtzMove(PtzMove.newBuilder().setPanDeg(20)
                .setTiltDeg(5).setSpeedDegPerS(90))).get();
        assertThat(move.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(await(() -> "20".equals(camera.state().get("ptz.pan_deg")))).isTrue();
        // The status follows the head once it arrived.
        assertThat(await(() -> gateway.ofKind(Envelope.BodyCase.STATUS).stream()
                .anyMatch(s -> "20".equals(s.getStatus().getSettingsMap().get("ptz.pan_deg"))))).isTrue();
    }

    @Test
    void aCameraThatRecordsEventsOnlySendsTheFigureCrossingAsAClipAndNothingElse() throws Exception {
        gateway = new TestGateway();
        Path flashFile = dir.resolve("camera.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(flashFile, MODEL)) {
            FactoryImage.write(flash.chip(), MODEL);
            flash.writeIdentity(gateway.identity("CC-TESTEVT0002", MODEL.id()));
            flash.writeConfig(new CameraConfig("localhost", gateway.port(), Map.of("recording.mode", "events",
                    "recording.pre_roll_s", "1", "recording.post_roll_s", "1")));
        }
        SceneScript script = SceneScript.builder()
                .object(Duration.ofSeconds(3), SceneScript.Side.LEFT, 0.5)
                .build();
        VideoSourceSpec scene = new VideoSourceSpec.Scene(script, null,
                LiveSceneSource.defaults(new Resolution(320, 180), 10, 300));
        camera = VirtualCamera.powerOn(flashFile, loops, AgentSettings.defaults("0.1.0"),
                new CameraVideo(scene, clock, dir));
        assertThat(await(camera::online)).isTrue();
        assertThat(gateway.ofKind(Envelope.BodyCase.HELLO).get(0).getHello().getCapabilitiesList())
                .contains("event_recording.v1");

        assertThat(await(() -> gateway.events.stream().anyMatch(e -> e.event().getPhase()
                == CameraEvent.Phase.PHASE_END))).isTrue();
        assertThat(await(() -> gateway.ofKind(Envelope.BodyCase.MEDIA_UNIT).stream()
                .anyMatch(e -> e.getMediaUnit().getEventClip()))).as("the crossing goes up as a clip").isTrue();
        var units = gateway.ofKind(Envelope.BodyCase.MEDIA_UNIT).stream().map(Envelope::getMediaUnit).toList();
        assertThat(units).as("nothing but the clip: the settings applied before the first unit")
                .allMatch(u -> u.getEventClip() && !u.getLiveOnly());
        assertThat(units.get(0).getKeyframe()).isTrue();
    }
}
