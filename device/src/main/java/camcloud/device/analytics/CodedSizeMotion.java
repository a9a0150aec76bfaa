package camcloud.device.analytics;

import camcloud.device.video.VideoFrame;
import java.util.Arrays;
import java.util.Map;

/**
 * Motion estimated from encoded video alone, for sources that have no raw pictures (a file of real
 * footage): an encoder spends bits on what changed, so a P-frame much larger than the running median
 * of the last {@value #WINDOW} P-frames means something moved. The ratio that counts falls with
 * {@code motion.sensitivity} (4.7 times the median at 1, 3 at 50, 1.3 at 100); an event starts after
 * {@value MotionDetector#START_PICTURES} such frames in a row and ends
 * {@value MotionDetector#END_AFTER_MICROS} µs after the last. Keyframes are skipped (they are large by
 * nature). Zones cannot apply (the sizes say nothing about where), so these events are always the
 * whole picture, and the score is an estimate, the ratio over the median mapped to 0..1. A camera
 * turning its head or a scene that always moves (the fleet's shared synthetic loop) would make it
 * useless: the camera only uses it for file sources.
 */
public final class CodedSizeMotion {

    static final int WINDOW = 64;
    static final int WARM_UP = 16;

    private final int[] sizes = new int[WINDOW];
    private final int[] sorted = new int[WINDOW];
    private int count;
    private int next;
    private final MotionEpisode episode = new MotionEpisode(Map.of("estimate", "coded_size"));

    /** Looks at one encoded frame; returns a START or END, or null. */
    public Detection observe(VideoFrame frame, DetectionSettings settings) {
        if (!settings.motionEnabled()) {
            return episode.off();
        }
        long now = frame.captureMicros();
        if (frame.keyframe()) {
            return episode.skipped(now);
        }
        int size = frame.annexB().length;
        double ratio = count >= WARM_UP ? size / Math.max(1.0, median()) : 1;
        sizes[next] = size;
        next = (next + 1) % WINDOW;
        count = Math.min(WINDOW, count + 1);
        if (ratio >= threshold(settings.sensitivity())) {
            return episode.moved(now, frame.wallClockMillis(), (float) Math.min(1, (ratio - 1) / 10), () -> "");
        }
        return episode.still(now);
    }

    public boolean active() {
        return episode.active();
    }

    /** The size ratio over the median that counts as motion at {@code sensitivity}. */
    static double threshold(int sensitivity) {
        return 1.3 + (100 - sensitivity) * 0.034;
    }

    private double median() {
        System.arraycopy(sizes, 0, sorted, 0, count);
        Arrays.sort(sorted, 0, count);
        return sorted[count / 2];
    }
}
