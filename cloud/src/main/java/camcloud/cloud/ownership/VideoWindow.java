package camcloud.cloud.ownership;

import camcloud.cloud.recording.RecordingGap;
import camcloud.cloud.recording.Segment;

/**
 * A stretch of a camera's timeline ({@code [fromMicros, toMicros)}, cloud time in epoch
 * microseconds) whose video one user may see: the time of an ownership.
 *
 * <p>A segment is visible only when it lies wholly inside the window. The recorder cuts a camera's
 * segment where its owner changes, so a segment never straddles an ownership boundary; a segment
 * that does all the same (its camera was on a node that did not hear of the change) is hidden from
 * both owners rather than shown to the wrong one. {@link #END_SLACK_MICROS} allows for the last
 * frame's duration, which the recorder estimates when it closes a segment at the boundary.
 *
 * @param toMicros {@link Long#MAX_VALUE} while the ownership lasts
 */
public record VideoWindow(long fromMicros, long toMicros) {

    /** How far a segment's end may pass the window's end: one frame at 5 fps and clock rounding. */
    static final long END_SLACK_MICROS = 250_000;

    public VideoWindow {
        if (toMicros < fromMicros) {
            throw new IllegalArgumentException("window ends before it starts: " + fromMicros + " > " + toMicros);
        }
    }

    public boolean open() {
        return toMicros == Long.MAX_VALUE;
    }

    /** Whether the segment was recorded wholly within this window. */
    public boolean contains(Segment s) {
        return s.startMicros() >= fromMicros && (open() || s.endMicros() <= toMicros + END_SLACK_MICROS);
    }

    /** Whether {@code [from, to)} overlaps this window. */
    public boolean overlaps(long from, long to) {
        return to > fromMicros && from < toMicros;
    }

    /** The part of the gap inside this window, or null when none is. */
    public RecordingGap clip(RecordingGap g) {
        long from = Math.max(g.startMicros(), fromMicros);
        long to = Math.min(g.endMicros(), toMicros);
        return from < to ? new RecordingGap(g.id(), g.cameraSerial(), from, to, g.reason()) : null;
    }
}
