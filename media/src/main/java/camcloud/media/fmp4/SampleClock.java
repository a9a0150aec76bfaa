package camcloud.media.fmp4;

/**
 * Turns the capture timestamps a caller passes (microseconds) into sample durations in track ticks
 * that are always sane. Cameras' clocks stall, repeat, jump back after NTP corrections and jump
 * forward after an outage; a muxer that trusted them would write negative or hour-long samples.
 *
 * <p>Rules: a duration is {@code next - this} converted to ticks (rounded to the nearest tick, at least 1);
 * if that is zero or negative (clock went back or repeated) the last good duration is
 * used instead; if it exceeds {@link #maxSampleMicros} (an outage, a clock jump) it is clamped to
 * that maximum. Cutting a segment at a gap is the recorder's decision, not this class's. The first
 * estimate, before any good interval, is the nominal frame duration.
 */
public final class SampleClock {

    /** No picture of a live camera lasts longer than this; 5 s allows 0.2 fps night modes. */
    public static final long DEFAULT_MAX_SAMPLE_MICROS = 5_000_000L;

    private final int timescale;
    private final long maxSampleMicros;
    private long lastGoodMicros;

    /**
     * @param timescale            ticks per second of the track
     * @param nominalFrameMicros   duration assumed until two frames have been seen, e.g. 40 000 for 25 fps
     * @param maxSampleMicros      the longest duration ever written
     */
    public SampleClock(int timescale, long nominalFrameMicros, long maxSampleMicros) {
        if (timescale <= 0) {
            throw new IllegalArgumentException("timescale must be positive, was " + timescale);
        }
        if (nominalFrameMicros <= 0 || nominalFrameMicros > maxSampleMicros) {
            throw new IllegalArgumentException("nominalFrameMicros must be in 1.." + maxSampleMicros
                    + ", was " + nominalFrameMicros);
        }
        this.timescale = timescale;
        this.maxSampleMicros = maxSampleMicros;
        this.lastGoodMicros = nominalFrameMicros;
    }

    /** A 90 kHz clock assuming 25 fps until told otherwise, clamping at 5 s. */
    public static SampleClock standard() {
        return new SampleClock(VideoTrack.TIMESCALE, 40_000, DEFAULT_MAX_SAMPLE_MICROS);
    }

    /** The sanitized interval between two capture times, in microseconds (always in 1..max). */
    public long intervalMicros(long captureMicros, long nextCaptureMicros) {
        long delta = nextCaptureMicros - captureMicros;
        if (delta <= 0 || nextCaptureMicros < captureMicros) { // second test guards overflow
            return lastGoodMicros;
        }
        long clamped = Math.min(delta, maxSampleMicros);
        lastGoodMicros = clamped;
        return clamped;
    }

    /** The duration in ticks of a sample captured at {@code captureMicros}, followed by one at {@code nextCaptureMicros}. */
    public int duration(long captureMicros, long nextCaptureMicros) {
        return ticks(intervalMicros(captureMicros, nextCaptureMicros));
    }

    /** The duration to use when the next capture time is not known yet: the last good interval. */
    public int estimatedDuration() {
        return ticks(lastGoodMicros);
    }

    /** Microseconds to ticks, at least 1. */
    public int ticks(long micros) {
        return (int) Math.max(1, Math.round(micros * (double) timescale / 1_000_000.0));
    }
}
