package camcloud.device.camera;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.analytics.CameraAnalytics;
import camcloud.device.analytics.DayNightMode;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import camcloud.device.video.SceneControl;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.ApplySettings;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.DayNightMode.Mode;
import camcloud.protocol.v1.PtzMove;
import camcloud.protocol.v1.PtzPreset;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every camera command on a live scene and a flash file: what it changes, what it refuses with
 * nothing changed, and that settings and presets come back after a power cycle.
 */
class CameraControlTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);

    @TempDir
    Path dir;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger statusUpdates = new AtomicInteger();
    private CameraFlash flash;
    private LiveSceneSource scene;
    private CameraAnalytics analytics;
    private CameraControl control;

    @BeforeEach
    void powerOn() throws IOException {
        flash = CameraFlash.openOrCreate(dir.resolve("camera.flash"), MODEL);
        if (flash.config().isEmpty()) {
            flash.writeConfig(new CameraConfig("127.0.0.1", 7443, Map.of()));
        }
        scene = new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(new Resolution(320, 180), 10, 300));
        analytics = new CameraAnalytics("test", scene::nightMode, Runnable::run, (event, jpeg) -> { });
        control = CameraControl.boot("CC-TEST", flash, flash.config().orElseThrow(), Optional.of(scene), analytics,
                new CameraSettings.Capabilities(scene.resolutions(), scene.imageSettings(), true), timer,
                statusUpdates::incrementAndGet);
    }

    @AfterEach
    void powerOff() throws IOException {
        scene.close();
        flash.close();
        timer.shutdownNow();
    }

    private CommandAck send(Command.Builder command) {
        return control.handle(command.build());
    }

    private static Command.Builder settings(Map<String, String> settings) {
        return Command.newBuilder().setApplySettings(ApplySettings.newBuilder().putAllSettings(settings));
    }

    private static Command.Builder move(double pan, double tilt, boolean relative) {
        return Command.newBuilder().setPtzMove(PtzMove.newBuilder().setPanDeg(pan).setTiltDeg(tilt)
                .setRelative(relative));
    }

    private static Command.Builder preset(PtzPreset.Action action, String name) {
        return Command.newBuilder().setPtzPreset(PtzPreset.newBuilder().setAction(action).setName(name));
    }

    @Test
    void applySettingsChangesThePictureAndTheDetectorsAndReportsEverything() {
        CommandAck ack = send(settings(Map.of("video.resolution", "1280x720", "image.mirror", "true",
                "motion.sensitivity", "80", "daynight.mode", "night")));
        assertThat(ack.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(scene.imageSettings().resolution()).isEqualTo(new Resolution(1280, 720));
        assertThat(scene.imageSettings().mirror()).isTrue();
        assertThat(analytics.settings().sensitivity()).isEqualTo(80);
        assertThat(analytics.settings().dayNight()).isEqualTo(DayNightMode.NIGHT);
        assertThat(ack.getStateMap()).containsKeys(CameraSettings.KEYS.toArray(String[]::new))
                .containsEntry("video.resolution", "1280x720")
                .containsEntry("caps.resolutions", "1280x720,640x360,320x180")
                .containsEntry("caps.ptz", "-170,170,-20,90,90")
                .containsEntry("caps.fps.max", "30")
                .containsKeys("ptz.pan_deg", "ptz.tilt_deg", "ptz.moving", "ptz.presets", "daynight.state");
        assertThat(statusUpdates.get()).isEqualTo(1);
    }

    @Test
    void listenersHearTheSettingsAtOnceAndAfterEachChange() {
        java.util.List<String> modes = new java.util.ArrayList<>();
        control.onApplied(s -> modes.add(s.get("recording.mode")));
        send(settings(Map.of("recording.mode", "events")));
        send(settings(Map.of("recording.mode", "sometimes"))); // rejected: nobody hears it
        assertThat(modes).containsExactly("continuous", "events");
    }

    @Test
    void badSettingsAreRejectedNamingTheKeyAndNothingChanges() throws IOException {
        Map<String, String> before = control.state();
        CommandAck resolution = send(settings(Map.of("video.resolution", "1920x1080", "image.brightness", "20")));
        assertThat(resolution.getResult()).isEqualTo(CommandAck.Result.RESULT_REJECTED);
        assertThat(resolution.getMessage())
                .isEqualTo("video.resolution 1920x1080 is not one of 1280x720, 640x360, 320x180");
        CommandAck zone = send(settings(Map.of("motion.zones", "door:detect:0.5,0.5,0.6,0.2")));
        assertThat(zone.getResult()).isEqualTo(CommandAck.Result.RESULT_REJECTED);
        assertThat(zone.getMessage()).contains("motion.zones").contains("outside the picture");
        CommandAck unknown = send(settings(Map.of("image.sharpness", "3")));
        assertThat(unknown.getMessage()).startsWith("unknown setting 'image.sharpness'");

        assertThat(control.state()).isEqualTo(before);
        assertThat(scene.imageSettings().brightness()).isZero();
        assertThat(flash.config().orElseThrow().settings()).doesNotContainKey("image.brightness");
        assertThat(statusUpdates.get()).isZero();
    }

    @Test
    void ptzMovesAbsoluteRelativeAndStops() {
        assertThat(send(move(30, 10, false)).getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        SceneControl.PtzPosition p = scene.ptzPosition();
        assertThat(p.targetPanDeg()).isEqualTo(30);
        assertThat(p.targetTiltDeg()).isEqualTo(10);

        CommandAck stop = send(Command.newBuilder().setPtzMove(PtzMove.newBuilder().setStop(true)));
        assertThat(stop.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(stop.getStateMap()).containsEntry("ptz.moving", "false");
        double stoppedAt = scene.ptzPosition().panDeg();

        send(move(-5, 0, true));
        assertThat(scene.ptzPosition().targetPanDeg()).isCloseTo(stoppedAt - 5, org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aMoveBeyondTheLimitsIsRejectedNamingTheLimitAndNothingMoves() {
        CommandAck pan = send(move(200, 0, false));
        assertThat(pan.getResult()).isEqualTo(CommandAck.Result.RESULT_REJECTED);
        assertThat(pan.getMessage()).isEqualTo("pan 200 is beyond the pan limit 170 (pan -170..170, tilt -20..90)");
        CommandAck tilt = send(move(0, -30, true));
        assertThat(tilt.getMessage()).startsWith("tilt -30 is beyond the tilt limit -20");
        CommandAck speed = send(Command.newBuilder().setPtzMove(PtzMove.newBuilder().setPanDeg(10)
                .setSpeedDegPerS(500)));
        assertThat(speed.getMessage()).contains("speed 500").contains("90 °/s");
        SceneControl.PtzPosition p = scene.ptzPosition();
        assertThat(p.moving()).isFalse();
        assertThat(p.targetPanDeg()).isZero();
        assertThat(p.targetTiltDeg()).isZero();
    }

    @Test
    void presetsAreSavedGoneToAndDeleted() throws IOException {
        CommandAck save = send(preset(PtzPreset.Action.ACTION_SAVE, "front door"));
        assertThat(save.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(save.getStateMap()).containsEntry("ptz.presets", "front door:0,0");
        assertThat(flash.config().orElseThrow().settings()).containsEntry("ptz.presets", "front door:0,0");

        send(move(40, 20, false));
        CommandAck go = send(preset(PtzPreset.Action.ACTION_GOTO, "front door"));
        assertThat(go.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(scene.ptzPosition().targetPanDeg()).isZero();

        CommandAck unknown = send(preset(PtzPreset.Action.ACTION_GOTO, "garage"));
        assertThat(unknown.getResult()).isEqualTo(CommandAck.Result.RESULT_REJECTED);
        assertThat(unknown.getMessage()).isEqualTo("unknown preset 'garage'; presets: front door");
        assertThat(send(preset(PtzPreset.Action.ACTION_SAVE, "a:b")).getResult())
                .isEqualTo(CommandAck.Result.RESULT_REJECTED);

        CommandAck delete = send(preset(PtzPreset.Action.ACTION_DELETE, "front door"));
        assertThat(delete.getStateMap()).containsEntry("ptz.presets", "");
        assertThat(send(preset(PtzPreset.Action.ACTION_DELETE, "front door")).getResult())
                .isEqualTo(CommandAck.Result.RESULT_REJECTED);
    }

    @Test
    void dayNightModeIsASettingThatTheDetectorsFollow() {
        CommandAck ack = send(Command.newBuilder().setDayNight(camcloud.protocol.v1.DayNightMode.newBuilder()
                .setMode(Mode.MODE_NIGHT)));
        assertThat(ack.getResult()).isEqualTo(CommandAck.Result.RESULT_OK);
        assertThat(ack.getStateMap()).containsEntry("daynight.mode", "night");
        assertThat(analytics.settings().dayNight()).isEqualTo(DayNightMode.NIGHT);
        assertThat(send(Command.newBuilder().setDayNight(camcloud.protocol.v1.DayNightMode.newBuilder()))
                .getResult()).isEqualTo(CommandAck.Result.RESULT_REJECTED);
    }

    @Test
    void settingsAndPresetsSurviveAPowerCycle() throws IOException {
        send(settings(Map.of("video.resolution", "640x360", "image.contrast", "-20", "motion.zones",
                "door:detect:0.1,0.1,0.5,0.5", "recording.mode", "events", "daynight.mode", "day")));
        send(preset(PtzPreset.Action.ACTION_SAVE, "home"));
        Map<String, String> before = control.settings().asMap();

        powerOff();
        powerOn();

        assertThat(control.settings().asMap()).isEqualTo(before);
        assertThat(control.state()).containsEntry("ptz.presets", "home:0,0").containsEntry("recording.mode", "events");
        assertThat(scene.imageSettings().resolution()).isEqualTo(new Resolution(640, 360));
        assertThat(scene.imageSettings().contrast()).isEqualTo(-20);
        assertThat(analytics.settings().zones()).hasSize(1);
        assertThat(analytics.settings().dayNight()).isEqualTo(DayNightMode.DAY);
    }
}
