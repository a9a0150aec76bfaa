package camcloud.device.analytics;

import camcloud.device.video.RawPicture;
import java.util.List;
import java.util.Map;

/**
 * Motion on a grid of {@value #BLOCK}x{@value #BLOCK}-pixel blocks of the luma plane, against a
 * background of block means that adapts slowly.
 *
 * <p>Per picture: each block's mean (from every second pixel of every second row: 64 samples, a
 * quarter of the reads) is compared with the background after the background is carried to the
 * picture's lighting by a gain and offset fitted over all blocks (least squares, then again without
 * the blocks that stand out). So a global change — lights off, the IR light coming on, the sensor's
 * exposure — is no motion: it is a day/night matter. A block counts as changed when it differs from
 * the relit background by more than the sensitivity's threshold ({@link DetectionSettings#blockThreshold()}).
 * More than half of the looked-at blocks changing at once is taken as a lighting change too (nothing
 * the fit can explain), and the background is learnt again.
 *
 * <p>Motion is when changed blocks reach {@code motion.min_area_percent} of the looked-at blocks:
 * every block whose centre is not in a mask zone and, when detection zones exist, is in one of them.
 * An event starts after {@value #START_PICTURES} pictures in a row with motion (its start is the first
 * of them) and ends {@value #END_AFTER_MICROS} µs after the last picture with motion (its end). It
 * is named after the detection zone with the most changed blocks when it starts. Its score is the
 * peak share of looked-at blocks that moved.
 *
 * <p>While the pan/tilt head moves ({@link RawPicture#headMoving()}) the whole view shifts: those
 * pictures are skipped, and the background is learnt again from the first still picture after.
 *
 * <p>Memory: three floats and an int per block (3,600 blocks at 720p, about 58 KB). Not thread-safe:
 * one caller, the clock thread.
 */
public final class MotionDetector {

    public static final int BLOCK = 16;
    static final int START_PICTURES = 3;
    static final long END_AFTER_MICROS = 2_000_000;
    /** Background adaptation per picture: blocks that did not change, and blocks that did. */
    private static final float ADAPT_STILL = 0.05f;
    private static final float ADAPT_CHANGED = 0.005f;
    private static final double GLOBAL_CHANGE_SHARE = 0.5;

    private int width = -1;
    private int height = -1;
    private int cols;
    private int rows;
    private List<Zone> zones = List.of();
    private float[] background = new float[0];
    private float[] current = new float[0];
    /** Index of the detection zone a looked-at block belongs to (0 with no zones), -1 if not looked at. */
    private int[] zoneOf = new int[0];
    private boolean[] changed = new boolean[0];
    private int lookedAt;
    private List<Zone> detectZones = List.of();
    private boolean relearn = true;

    private final MotionEpisode episode = new MotionEpisode(Map.of());
    private float lastShare;

    /**
     * Looks at one picture; returns what changed (a START or END), or null.
     */
    public Detection observe(RawPicture picture, DetectionSettings settings) {
        if (!settings.motionEnabled()) {
            relearn = true;
            return episode.off();
        }
        if (picture.width() != width || picture.height() != height || !settings.zones().equals(zones)) {
            layout(picture.width(), picture.height(), settings.zones());
        }
        long now = picture.captureMicros();
        if (picture.headMoving() || lookedAt == 0) {
            relearn = true;
            return episode.skipped(now);
        }
        blockMeans(picture);
        if (relearn) {
            System.arraycopy(current, 0, background, 0, current.length);
            relearn = false;
            return episode.skipped(now);
        }
        double share = compare(settings.blockThreshold());
        lastShare = (float) share;
        if (share * 100 >= settings.minAreaPercent()) {
            return episode.moved(now, picture.wallClockMillis(), (float) share, this::busiestZone);
        }
        return episode.still(now);
    }

    /** Whether a motion event is open. */
    public boolean active() {
        return episode.active();
    }

    /** The share of looked-at blocks that changed in the last compared picture (for benches and tests). */
    public float lastShare() {
        return lastShare;
    }

    private void layout(int width, int height, List<Zone> zones) {
        this.width = width;
        this.height = height;
        this.zones = zones;
        cols = width / BLOCK;
        rows = height / BLOCK;
        int blocks = cols * rows;
        background = new float[blocks];
        current = new float[blocks];
        zoneOf = new int[blocks];
        changed = new boolean[blocks];
        detectZones = zones.stream().filter(z -> z.kind() == Zone.Kind.DETECT).toList();
        lookedAt = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double fx = (c * BLOCK + BLOCK / 2.0) / width;
                double fy = (r * BLOCK + BLOCK / 2.0) / height;
                int owner = detectZones.isEmpty() ? 0 : -1;
                for (int z = 0; z < detectZones.size() && owner < 0; z++) {
                    if (detectZones.get(z).contains(fx, fy)) {
                        owner = z;
                    }
                }
                for (Zone z : zones) {
                    if (z.kind() == Zone.Kind.MASK && z.contains(fx, fy)) {
                        owner = -1;
                    }
                }
                zoneOf[r * cols + c] = owner;
                if (owner >= 0) {
                    lookedAt++;
                }
            }
        }
        relearn = true;
    }

    /** Mean luma per looked-at block, 0..255, from every second pixel of every second row. */
    private void blockMeans(RawPicture picture) {
        byte[] y = picture.y();
        int w = picture.width();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int b = r * cols + c;
                if (zoneOf[b] < 0) {
                    continue;
                }
                int sum = 0;
                int rowStart = r * BLOCK * w + c * BLOCK;
                for (int dy = 0; dy < BLOCK; dy += 2) {
                    int i = rowStart + dy * w;
                    for (int dx = 0; dx < BLOCK; dx += 2) {
                        sum += y[i + dx];
                    }
                }
                current[b] = sum / 64f + 128f;
            }
        }
    }

    /**
     * Fits current ≈ gain * background + offset over the looked-at blocks, marks the blocks that
     * differ from it by more than {@code threshold}, relights and adapts the background; returns the
     * share of looked-at blocks that changed.
     */
    private double compare(double threshold) {
        double[] fit = fit(Double.POSITIVE_INFINITY);
        fit = fit(threshold, fit);
        double gain = fit[0];
        double offset = fit[1];
        int changedBlocks = 0;
        for (int b = 0; b < current.length; b++) {
            if (zoneOf[b] < 0) {
                continue;
            }
            float expected = (float) (gain * background[b] + offset);
            boolean moved = Math.abs(current[b] - expected) > threshold;
            changed[b] = moved;
            if (moved) {
                changedBlocks++;
            }
        }
        double share = (double) changedBlocks / lookedAt;
        if (share > GLOBAL_CHANGE_SHARE) {
            // No gain and offset explain it: a lighting change the fit cannot follow. Start over.
            System.arraycopy(current, 0, background, 0, current.length);
            return 0;
        }
        for (int b = 0; b < current.length; b++) {
            if (zoneOf[b] < 0) {
                continue;
            }
            float relit = (float) (gain * background[b] + offset);
            background[b] = relit + (current[b] - relit) * (changed[b] ? ADAPT_CHANGED : ADAPT_STILL);
        }
        return share;
    }

    private double[] fit(double threshold) {
        return fit(threshold, new double[] {1, 0});
    }

    /** Least squares of current on background over the blocks within {@code threshold} of {@code prior}. */
    private double[] fit(double threshold, double[] prior) {
        double n = 0;
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (int b = 0; b < current.length; b++) {
            if (zoneOf[b] < 0) {
                continue;
            }
            double x = background[b];
            double yv = current[b];
            if (threshold != Double.POSITIVE_INFINITY && Math.abs(yv - (prior[0] * x + prior[1])) > threshold) {
                continue;
            }
            n++;
            sx += x;
            sy += yv;
            sxx += x * x;
            sxy += x * yv;
        }
        if (n < 2) {
            return prior;
        }
        double varX = sxx / n - (sx / n) * (sx / n);
        if (varX < 4) {
            // A flat background (one colour) tells no gain: follow its level only.
            return new double[] {1, (sy - sx) / n};
        }
        double gain = Math.max(0.05, Math.min(20, (sxy / n - (sx / n) * (sy / n)) / varX));
        return new double[] {gain, sy / n - gain * sx / n};
    }

    /** The detection zone with the most changed blocks in the last picture; empty without zones. */
    private String busiestZone() {
        if (detectZones.isEmpty()) {
            return "";
        }
        int[] counts = new int[detectZones.size()];
        for (int b = 0; b < changed.length; b++) {
            if (changed[b] && zoneOf[b] >= 0) {
                counts[zoneOf[b]]++;
            }
        }
        int best = 0;
        for (int z = 1; z < counts.length; z++) {
            if (counts[z] > counts[best]) {
                best = z;
            }
        }
        return detectZones.get(best).name();
    }
}
