package camcloud.device.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.video.VideoFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Motion from encoded frame sizes alone, as a camera playing a file estimates it. */
class CodedSizeMotionTest {

    private static final long FRAME = 40_000; // 25 fps

    private static List<Detection> run(int[] sizes, DetectionSettings settings) {
        CodedSizeMotion motion = new CodedSizeMotion();
        List<Detection> found = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            boolean keyframe = i % 50 == 0;
            Detection d = motion.observe(new VideoFrame(new byte[keyframe ? 20_000 : sizes[i]], keyframe, i * FRAME,
                    i * FRAME / 1000), settings);
            if (d != null) {
                found.add(d);
            }
        }
        return found;
    }

    /** 10 s of still P-frames of about 1 KB, 1 s of 6 KB ones (something moves), then still again. */
    private static int[] burst() {
        int[] sizes = new int[500];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = i >= 250 && i < 275 ? 6_000 : 900 + (i * 37) % 200;
        }
        return sizes;
    }

    @Test
    void pFramesMuchLargerThanTheirMedianAreMotionFromStartToEnd() {
        List<Detection> found = run(burst(), DetectionSettings.DEFAULTS);
        assertThat(found).extracting(Detection::phase).containsExactly(Detection.Phase.START, Detection.Phase.END);
        assertThat(found.get(0).startMicros()).isEqualTo(251 * FRAME); // 250 is a keyframe
        assertThat(found.get(1).endMicros()).isEqualTo(274 * FRAME);
        assertThat(found.get(0).zone()).isEmpty();
        assertThat(found.get(0).details()).containsEntry("estimate", "coded_size");
    }

    @Test
    void keyframesAndTheUsualSpreadOfSizesAreNoMotion() {
        int[] still = new int[500];
        for (int i = 0; i < still.length; i++) {
            still[i] = 900 + (i * 37) % 200;
        }
        assertThat(run(still, DetectionSettings.DEFAULTS)).isEmpty();
    }

    @Test
    void lowSensitivityNeedsABiggerJump() {
        DetectionSettings dull = new DetectionSettings(true, 1, 1, List.of(), true, -30, DayNightMode.AUTO);
        int[] sizes = burst();
        for (int i = 250; i < 275; i++) {
            sizes[i] = 3_500; // 3.5 times the median: motion at 50, not at 1 (4.7 times)
        }
        assertThat(run(sizes, DetectionSettings.DEFAULTS)).hasSize(2);
        assertThat(run(sizes, dull)).isEmpty();
    }
}
