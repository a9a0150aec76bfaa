package camcloud.device.analytics;

import camcloud.device.video.RawPicture;
import java.util.Map;

/**
 * Sound by level: the microphone's level ({@link RawPicture#audioDbfs()}) at or over
 * {@code sound.threshold_dbfs} for {@value #MIN_LOUD_MICROS} µs starts an event (a click is not
 * one), below it for {@value #HOLD_MICROS} µs ends it. The event starts at the first loud picture and
 * ends at the last; its score is the peak level in dBFS. Not thread-safe: the clock thread calls it.
 */
public final class SoundDetector {

    static final long MIN_LOUD_MICROS = 100_000;
    static final long HOLD_MICROS = 2_000_000;

    private boolean active;
    private long loudSinceMicros = -1;
    private long loudSinceWall;
    private long lastLoudMicros;
    private long lastLoudWall;
    private double peak = -Double.MAX_VALUE;

    /** Looks at one picture's audio level; returns a START or END, or null. */
    public Detection observe(RawPicture picture, DetectionSettings settings) {
        long now = picture.captureMicros();
        if (!settings.soundEnabled()) {
            loudSinceMicros = -1;
            return active ? end() : null;
        }
        if (picture.audioDbfs() >= settings.soundThresholdDbfs()) {
            if (loudSinceMicros < 0) {
                loudSinceMicros = now;
                loudSinceWall = picture.wallClockMillis();
                if (!active) {
                    peak = picture.audioDbfs();
                }
            }
            lastLoudMicros = now;
            lastLoudWall = picture.wallClockMillis();
            peak = Math.max(peak, picture.audioDbfs());
            if (!active && now - loudSinceMicros >= MIN_LOUD_MICROS) {
                active = true;
                return new Detection(Detection.SOUND, Detection.Phase.START, "", loudSinceMicros, loudSinceWall, 0, 0,
                        (float) peak, Map.of());
            }
            return null;
        }
        if (!active) {
            loudSinceMicros = -1;
            return null;
        }
        if (now - lastLoudMicros >= HOLD_MICROS) {
            return end();
        }
        return null;
    }

    public boolean active() {
        return active;
    }

    private Detection end() {
        active = false;
        Detection end = new Detection(Detection.SOUND, Detection.Phase.END, "", loudSinceMicros, loudSinceWall,
                lastLoudMicros, lastLoudWall, (float) peak, Map.of());
        loudSinceMicros = -1;
        return end;
    }
}
