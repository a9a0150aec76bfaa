package camcloud.device.analytics;

import java.util.Map;
import java.util.function.Supplier;

/**
 * When motion becomes an event and when the event ends — the one rule every motion detector shares,
 * whatever tells it that a picture moved (blocks of raw luma, {@link MotionDetector}; coded frame
 * sizes, {@link CodedSizeMotion}). An event starts after {@link MotionDetector#START_PICTURES} pictures
 * in a row with motion (its start is the first of them) and ends
 * {@link MotionDetector#END_AFTER_MICROS} µs after the last picture with motion (its end); its score is
 * the peak seen. Not thread-safe: one caller, the clock thread.
 */
final class MotionEpisode {

    private final Map<String, String> details;
    private int run;
    private long runStartMicros;
    private long runStartWall;
    private boolean active;
    private long lastMotionMicros;
    private long lastMotionWall;
    private float peak;
    private String zone = "";

    /** Episodes whose START and END carry {@code details} (e.g. how the motion was estimated). */
    MotionEpisode(Map<String, String> details) {
        this.details = Map.copyOf(details);
    }

    /**
     * A picture with motion of strength {@code score}; returns START when this run makes an event, with
     * the zone {@code zoneAtStart} names then, else null.
     */
    Detection moved(long micros, long wallMillis, float score, Supplier<String> zoneAtStart) {
        if (run++ == 0) {
            runStartMicros = micros;
            runStartWall = wallMillis;
        }
        lastMotionMicros = micros;
        lastMotionWall = wallMillis;
        peak = Math.max(peak, score);
        if (!active && run >= MotionDetector.START_PICTURES) {
            active = true;
            zone = zoneAtStart.get();
            return new Detection(Detection.MOTION, Detection.Phase.START, zone, runStartMicros, runStartWall,
                    0, 0, peak, details);
        }
        return null;
    }

    /** A picture without motion: breaks the run; returns END once the event has been quiet long enough. */
    Detection still(long micros) {
        run = 0;
        if (!active) {
            peak = 0;
        }
        return endIfQuiet(micros);
    }

    /** A picture the detector could not judge (the head moved, the background is being learnt). */
    Detection skipped(long micros) {
        run = 0;
        return endIfQuiet(micros);
    }

    /** Detection was switched off: ends an open event at once. */
    Detection off() {
        run = 0;
        return active ? end() : null;
    }

    boolean active() {
        return active;
    }

    private Detection endIfQuiet(long micros) {
        return active && micros - lastMotionMicros >= MotionDetector.END_AFTER_MICROS ? end() : null;
    }

    private Detection end() {
        active = false;
        Detection end = new Detection(Detection.MOTION, Detection.Phase.END, zone, runStartMicros, runStartWall,
                lastMotionMicros, lastMotionWall, peak, details);
        peak = 0;
        return end;
    }
}
