package camcloud.media.fmp4;

import camcloud.media.h264.NalIndex;
import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A camera's frames as live fragments for Media Source Extensions: one fragment per frame
 * ({@code prft moof mdat}), written the moment the frame arrives (no waiting for the next one), the
 * {@code prft} carrying the capture wall clock so a viewer can measure latency. One per camera,
 * shared by all its viewers; the fragment bytes are {@link FragmentWriter}'s (headers plus slices of
 * the frame).
 *
 * <p>Decode times start at 0 and continue across new formats and reconnects (a viewer's buffer
 * never goes backwards); {@link SampleClock} keeps intervals sane. A frame's own duration is a
 * smoothed estimate of recent intervals (not learnt from one long gap) and the next frame's decode
 * time corrects any difference, so ordinary jitter never drifts the timeline. A stall is different:
 * Chromium's MSE treats a decode time more than twice the previous frame's duration ahead as a
 * discontinuity and drops every frame until the next keyframe, and a hole in the buffered range
 * leaves a {@code <video>} element waiting at the hole. So after a stall or a reconnect the decode
 * time advances by at most twice the previous duration: the picture resumes at once and the
 * viewer's timeline runs behind capture by the stall ({@code prft} still gives each frame's latency).
 *
 * <pre>{@code
 * LiveTimeline live = new LiveTimeline();
 * live.format(fps);                                              // each new stream format
 * ByteBuf fragment = live.fragment(annexB, index, captureMicros, wallClockMillis); // from a keyframe on
 * }</pre>
 * Not thread-safe.
 */
public final class LiveTimeline {

    private final FragmentWriter writer = new FragmentWriter();
    private SampleClock clock = SampleClock.standard();
    private boolean started;
    private long lastCaptureMicros;
    private long decodeTime;
    private int lastDuration;
    /** Smoothed frame interval in ticks: the duration of a frame whose successor is not known yet. */
    private int estimate;

    /** A new format: frame durations are estimated from its nominal rate until frames tell better. */
    public void format(int fps) {
        long nominal = 1_000_000L / Math.max(1, Math.min(fps, 240));
        clock = new SampleClock(VideoTrack.TIMESCALE, nominal, SampleClock.DEFAULT_MAX_SAMPLE_MICROS);
        estimate = clock.estimatedDuration();
    }

    /**
     * The fragment of the next frame, in capture order; a new buffer the caller releases (the frame's
     * bytes are retained by it, not copied).
     */
    public ByteBuf fragment(ByteBuf annexB, NalIndex index, long captureMicros, long wallClockMillis) {
        if (started) {
            int interval = clock.duration(lastCaptureMicros, captureMicros);
            decodeTime += Math.min(interval, 2L * lastDuration);
            estimate = interval > 2 * estimate
                    ? 2 * estimate // a stall, or the camera slowing down: learn, but not from one long gap
                    : (7 * estimate + interval) / 8;
        } else if (estimate == 0) {
            estimate = clock.estimatedDuration();
        }
        started = true;
        lastCaptureMicros = captureMicros;
        lastDuration = Math.max(1, estimate);
        return writer.write(decodeTime, List.of(new Sample(annexB, index, lastDuration)),
                ProducerReferenceTime.ofMillis(wallClockMillis, decodeTime));
    }

    /** Decode time of the last fragment, in ticks. */
    public long decodeTime() {
        return decodeTime;
    }
}
