package camcloud.device.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.video.RawPicture;
import camcloud.protocol.v1.CameraEvent;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The detectors on hand-made pictures rendered at explicit times (no waiting): a red square crossing
 * at 10 s, the lights going out at 20 s, a noise at 30 s.
 */
class CameraAnalyticsTest {

    private static final long FRAME = 100_000; // 10 fps

    private record Sent(CameraEvent event, byte[] jpeg) {
    }

    /** Square from x -80 at 10 s to 640 at 14 s; lights from 0.8 to 0.05 at 20 s; noise 30..31 s. */
    private static RawPicture script(long micros) {
        double t = micros / 1e6;
        int x = t >= 10 && t < 14 ? (int) (-80 + (t - 10) * 180) : -1000;
        double light = t < 20 ? 0.8 : 0.05;
        double audio = t >= 30 && t < 31 ? -12 : -60;
        return TestPictures.picture(micros, x, light, audio, false);
    }

    private static List<Sent> run(DetectionSettings settings, LongFunction<RawPicture> scene, long untilMicros,
                                  List<Boolean> nightSwitches, List<Boolean> activity) {
        List<Sent> sent = new ArrayList<>();
        CameraAnalytics analytics = new CameraAnalytics("boot1", nightSwitches::add, Runnable::run,
                (event, jpeg) -> sent.add(new Sent(event, jpeg)));
        analytics.settings(settings);
        analytics.onActivity(activity::add);
        for (long t = 0; t <= untilMicros; t += FRAME) {
            analytics.onRawPicture(scene.apply(t));
        }
        return sent;
    }

    private static List<CameraEvent> ofType(List<Sent> sent, String type) {
        return sent.stream().map(Sent::event).filter(e -> e.getType().equals(type)).toList();
    }

    @Test
    void theScriptMakesOneMotionOneNightAndOneSoundEventAndNothingElse() throws IOException {
        List<Boolean> night = new ArrayList<>();
        List<Boolean> activity = new ArrayList<>();
        List<Sent> sent = run(DetectionSettings.DEFAULTS, CameraAnalyticsTest::script, 40_000_000, night, activity);

        List<CameraEvent> motion = ofType(sent, "motion");
        assertThat(motion).extracting(CameraEvent::getPhase)
                .containsExactly(CameraEvent.Phase.PHASE_START, CameraEvent.Phase.PHASE_END);
        assertThat(motion.get(0).getStartMonotonicUs()).isBetween(10_000_000L, 10_800_000L);
        assertThat(motion.get(0).getZone()).isEmpty();
        assertThat(motion.get(1).getEndMonotonicUs()).isBetween(13_500_000L, 14_200_000L);
        assertThat(motion.get(1).getScore()).isBetween(0.01f, 0.2f);
        assertThat(motion.get(1).getEventId()).isEqualTo(motion.get(0).getEventId());

        List<CameraEvent> dayNight = ofType(sent, "day_night");
        assertThat(dayNight).extracting(CameraEvent::getPhase)
                .containsExactly(CameraEvent.Phase.PHASE_START, CameraEvent.Phase.PHASE_END);
        assertThat(dayNight.get(0).getDetailsMap()).containsEntry("state", "night");
        assertThat(dayNight.get(0).getStartMonotonicUs()).isBetween(20_000_000L, 24_000_000L);
        assertThat(night).containsExactly(false, true); // power-on reading, then the switch

        List<CameraEvent> sound = ofType(sent, "sound");
        assertThat(sound).extracting(CameraEvent::getPhase)
                .containsExactly(CameraEvent.Phase.PHASE_START, CameraEvent.Phase.PHASE_END);
        assertThat(sound.get(0).getStartMonotonicUs()).isEqualTo(30_000_000L);
        assertThat(sound.get(1).getScore()).isEqualTo(-12f);

        assertThat(sent).hasSize(6);
        assertThat(activity).containsExactly(true, false, true, false);

        Sent start = sent.get(0);
        assertThat(start.event().getSnapshotType()).isEqualTo("image/jpeg");
        BufferedImage snapshot = ImageIO.read(new ByteArrayInputStream(start.jpeg()));
        assertThat(snapshot.getWidth()).isEqualTo(640);
        long t = start.event().getStartMonotonicUs() + 2 * FRAME; // the picture the event started on
        int squareX = (int) (-80 + (t / 1e6 - 10) * 180);
        int cx = Math.max(2, squareX + 40);
        int rgb = snapshot.getRGB(Math.min(cx, 638), 180);
        assertThat((rgb >> 16) & 0xff).as("red where the square is").isGreaterThan(180);
        assertThat((rgb >> 8) & 0xff).as("green where the square is").isLessThan(70);
        int background = snapshot.getRGB(600, 20);
        assertThat((background >> 16) & 0xff).isLessThan(200);
    }

    @Test
    void aMaskOverTheSquaresPathSuppressesTheMotionEvent() {
        DetectionSettings masked = new DetectionSettings(true, 50, 1,
                Zone.parseAll("street:mask:0,0.35,1,0.3"), true, -30, DayNightMode.AUTO);
        List<Sent> sent = run(masked, CameraAnalyticsTest::script, 40_000_000, new ArrayList<>(), new ArrayList<>());
        assertThat(ofType(sent, "motion")).isEmpty();
        assertThat(ofType(sent, "sound")).hasSize(2);
        assertThat(ofType(sent, "day_night")).hasSize(2);
    }

    @Test
    void aDetectionZoneNamesTheEventAndMotionOutsideAllZonesIsIgnored() {
        DetectionSettings door = new DetectionSettings(true, 50, 1,
                Zone.parseAll("sky:detect:0,0,1,0.3;door:detect:0.4,0.3,0.3,0.4"), true, -30, DayNightMode.AUTO);
        List<CameraEvent> motion = ofType(run(door, CameraAnalyticsTest::script, 16_000_000, new ArrayList<>(),
                new ArrayList<>()), "motion");
        assertThat(motion).hasSize(2);
        assertThat(motion.get(0).getZone()).isEqualTo("door");
        assertThat(motion.get(0).getStartMonotonicUs()).isGreaterThan(11_500_000L); // the square reaches x 0.4 later

        DetectionSettings skyOnly = new DetectionSettings(true, 50, 1, Zone.parseAll("sky:detect:0,0,1,0.3"), true,
                -30, DayNightMode.AUTO);
        assertThat(ofType(run(skyOnly, CameraAnalyticsTest::script, 16_000_000, new ArrayList<>(), new ArrayList<>()),
                "motion")).isEmpty();
    }

    @Test
    void picturesWhileTheHeadMovesAreNoMotionAndTheNewViewIsLearnt() {
        LongFunction<RawPicture> panning = micros -> {
            double t = micros / 1e6;
            boolean moving = t >= 5 && t < 7;
            // The view shifts while the head moves and stays shifted: a different background after.
            int shift = t < 5 ? 0 : t < 7 ? (int) ((t - 5) * 100) : 200;
            RawPicture p = TestPictures.picture(micros, shift - 1000, 0.8, -60, moving);
            return shifted(p, shift);
        };
        List<Sent> sent = run(DetectionSettings.DEFAULTS, panning, 12_000_000, new ArrayList<>(), new ArrayList<>());
        assertThat(sent).isEmpty();
    }

    @Test
    void forcedNightSwitchesAtOnceAndHoldsWhateverTheLight() {
        List<Boolean> night = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        CameraAnalytics analytics = new CameraAnalytics("b", night::add, Runnable::run,
                (event, jpeg) -> sent.add(new Sent(event, jpeg)));
        analytics.onRawPicture(TestPictures.picture(0, -1000, 0.8, -60, false));
        analytics.settings(DetectionSettings.DEFAULTS.withDayNight(DayNightMode.NIGHT));
        for (long t = FRAME; t < 6_000_000; t += FRAME) {
            analytics.onRawPicture(TestPictures.picture(t, -1000, 0.8, -60, false));
        }
        assertThat(night).containsExactly(false, true);
        assertThat(analytics.night()).isTrue();
        assertThat(sent).extracting(s -> s.event().getDetailsMap().get("state")).containsExactly("night", "night");
    }

    @Test
    void aSlowDuskAndAShortDarkSpellSwitchNothingUntilTheLightStaysLow() {
        List<Boolean> night = new ArrayList<>();
        List<Sent> sent = new ArrayList<>();
        CameraAnalytics analytics = new CameraAnalytics("b", night::add, Runnable::run,
                (event, jpeg) -> sent.add(new Sent(event, jpeg)));
        for (long t = 0; t < 60_000_000; t += FRAME) {
            double s = t / 1e6;
            // A cloud passes at 5..6 s (dark for 1 s), then dusk from 10 s to 40 s.
            double light = s >= 5 && s < 6 ? 0.1 : s < 10 ? 0.8 : Math.max(0.05, 0.8 - (s - 10) * 0.025);
            analytics.onRawPicture(TestPictures.picture(t, -1000, light, -60, false));
        }
        assertThat(night).containsExactly(false, true);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0).event().getStartMonotonicUs()).isGreaterThan(34_000_000L);
    }

    /** The picture's luma shifted left by {@code shift} pixels (what a pan does to the view). */
    private static RawPicture shifted(RawPicture p, int shift) {
        byte[] y = new byte[p.y().length];
        for (int row = 0; row < p.height(); row++) {
            for (int col = 0; col < p.width(); col++) {
                int src = Math.min(p.width() - 1, col + shift);
                y[row * p.width() + col] = p.y()[row * p.width() + src];
            }
        }
        return new RawPicture(p.width(), p.height(), y, p.u(), p.v(), p.captureMicros(), p.wallClockMillis(),
                p.ambientLight(), p.audioDbfs(), p.headMoving());
    }
}
