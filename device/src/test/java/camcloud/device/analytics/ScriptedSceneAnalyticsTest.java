package camcloud.device.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.PtzHead;
import camcloud.device.scene.SceneScript;
import camcloud.device.scene.ScriptedScene;
import camcloud.device.video.ImageSettings;
import camcloud.device.video.RawPicture;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.protocol.v1.CameraEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The script on the camera's own scene, rendered at explicit times (10 pictures a second, no
 * waiting): an object crosses at 10 s, the lights go off at 20 s, a noise at 30 s.
 */
class ScriptedSceneAnalyticsTest {

    private static final long FRAME = 100_000;
    private static final ImageSettings SD = LiveSceneSource.defaults(new Resolution(640, 360), 10, 1000);

    private record Sent(CameraEvent event, byte[] jpeg) {
    }

    private static SceneScript script() {
        return SceneScript.builder()
                .object(Duration.ofSeconds(10), SceneScript.Side.LEFT, 0.25)
                .lightsOff(Duration.ofSeconds(20))
                .noise(Duration.ofSeconds(30), -10, Duration.ofSeconds(2))
                .build();
    }

    private static List<Sent> run(SceneScript script, DetectionSettings settings) {
        ScriptedScene scene = new ScriptedScene(script, new PtzHead(), SD);
        List<Sent> sent = new ArrayList<>();
        CameraAnalytics analytics = new CameraAnalytics("boot", scene::nightMode, Runnable::run,
                (event, jpeg) -> sent.add(new Sent(event, jpeg)));
        analytics.settings(settings);
        for (long t = 0; t <= 40_000_000; t += FRAME) {
            analytics.onRawPicture(scene.render(t));
        }
        return sent;
    }

    private static List<CameraEvent> ofType(List<Sent> sent, String type) {
        return sent.stream().map(Sent::event).filter(e -> e.getType().equals(type)).toList();
    }

    @Test
    void theScriptProducesExactlyOneMotionOneNightAndOneSoundEvent() throws IOException {
        List<Sent> sent = run(script(), DetectionSettings.DEFAULTS);

        assertThat(sent).extracting(s -> s.event().getType() + " " + s.event().getPhase())
                .containsExactly("motion PHASE_START", "motion PHASE_END", "day_night PHASE_START",
                        "day_night PHASE_END", "sound PHASE_START", "sound PHASE_END");
        List<CameraEvent> motion = ofType(sent, "motion");
        assertThat(motion.get(0).getStartMonotonicUs()).isBetween(10_000_000L, 11_500_000L);
        // At 0.25 view widths a second the object is out of view about 4 s after it came in.
        assertThat(motion.get(1).getEndMonotonicUs()).isBetween(13_000_000L, 16_000_000L);
        assertThat(motion.get(1).getScore()).isBetween(0.005f, 0.2f);

        CameraEvent night = ofType(sent, "day_night").get(0);
        assertThat(night.getDetailsMap()).containsEntry("state", "night");
        assertThat(night.getStartMonotonicUs()).isBetween(20_000_000L, 24_000_000L);

        List<CameraEvent> sound = ofType(sent, "sound");
        assertThat(sound.get(0).getStartMonotonicUs()).isBetween(30_000_000L, 30_300_000L);
        assertThat(sound.get(1).getEndMonotonicUs()).isBetween(31_700_000L, 32_000_000L);
        assertThat(sound.get(1).getScore()).isGreaterThan(-12f);
    }

    @Test
    void theMotionSnapshotShowsTheObjectInItsColourWhereItIs() throws IOException {
        Sent start = run(script(), DetectionSettings.DEFAULTS).get(0);
        assertThat(start.event().getSnapshotType()).isEqualTo("image/jpeg");
        BufferedImage jpeg = ImageIO.read(new ByteArrayInputStream(start.jpeg()));
        assertThat(jpeg.getWidth()).isEqualTo(640);
        assertThat(jpeg.getHeight()).isEqualTo(360);

        // Where the object is: the pixels that differ from the same moment without it.
        long at = start.event().getStartMonotonicUs() + 2 * FRAME; // the third picture with motion
        RawPicture with = copy(new ScriptedScene(script(), new PtzHead(), SD).render(at));
        RawPicture without = new ScriptedScene(SceneScript.builder().lightsOff(Duration.ofSeconds(20)).build(),
                new PtzHead(), SD).render(at);
        int objectPixels = 0;
        int yellow = 0;
        for (int row = 0; row < 360; row++) {
            for (int col = 0; col < 640; col++) {
                int i = row * 640 + col;
                if (Math.abs(with.y()[i] - without.y()[i]) > 40) {
                    objectPixels++;
                    int rgb = jpeg.getRGB(col, row);
                    int r = rgb >> 16 & 0xff;
                    int g = rgb >> 8 & 0xff;
                    int b = rgb & 0xff;
                    if (r > 170 && g > 140 && b < 110) {
                        yellow++;
                    }
                }
            }
        }
        assertThat(objectPixels).as("the object is in view").isGreaterThan(300);
        assertThat((double) yellow / objectPixels).as("share of the object's pixels yellow in the JPEG")
                .isGreaterThan(0.6);
    }

    @Test
    void aMaskOverTheObjectsPathSuppressesTheMotionEvent() {
        DetectionSettings masked = new DetectionSettings(true, 50, 1, Zone.parseAll("road:mask:0,0.3,1,0.7"), true,
                -30, DayNightMode.AUTO);
        List<Sent> sent = run(script(), masked);
        assertThat(ofType(sent, "motion")).isEmpty();
        assertThat(ofType(sent, "day_night")).hasSize(2);
        assertThat(ofType(sent, "sound")).hasSize(2);
    }

    @Test
    void aDetectionZoneNamesTheEvent() {
        DetectionSettings zoned = new DetectionSettings(true, 50, 1,
                Zone.parseAll("sky:detect:0,0,1,0.2;path:detect:0,0.2,1,0.8"), true, -30, DayNightMode.AUTO);
        List<CameraEvent> motion = ofType(run(script(), zoned), "motion");
        assertThat(motion).hasSize(2);
        assertThat(motion).extracting(CameraEvent::getZone).containsOnly("path");
    }

    private static RawPicture copy(RawPicture p) {
        return new RawPicture(p.width(), p.height(), p.y().clone(), p.u().clone(), p.v().clone(), p.captureMicros(),
                p.wallClockMillis(), p.ambientLight(), p.audioDbfs(), p.headMoving());
    }
}
