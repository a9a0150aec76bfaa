package camcloud.cloud.live;

import camcloud.cloud.video.TimedUnit;
import camcloud.media.fmp4.FragmentWriter;
import camcloud.media.fmp4.ProducerReferenceTime;
import camcloud.media.fmp4.Sample;
import camcloud.media.fmp4.SampleClock;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.MalformedH264Exception;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * Turns one camera's units into live fragments ({@code prft moof mdat}, one frame each), once per
 * unit for all viewers. The decode timeline starts at 0 and continues across format changes and
 * reconnects (so a viewer's buffer never goes backwards); {@link SampleClock} keeps intervals sane.
 * The {@code prft} carries the camera's capture wall clock: what a viewer measures latency against.
 *
 * <p>Stalls follow {@code media}'s {@code LiveFragmenter} rule: Chromium's MSE treats a decode time
 * more than twice the previous frame's duration ahead as a discontinuity (it drops frames to the
 * next keyframe, and a hole in the buffered range leaves the {@code <video>} waiting), so the decode
 * time advances by at most twice the previous duration; after a stall or a reconnect the picture
 * resumes at once and runs behind capture by the stall ({@code prft} still gives each frame's
 * latency). Durations are a smoothed interval, not learnt from one long gap.
 *
 * <p>Like {@code LiveFragmenter}, but one per camera rather than per viewer, and with a timeline
 * that survives a new init segment. Not thread-safe (the {@link LiveStream} lock).
 */
final class LiveFragments {

    private final FragmentWriter writer = new FragmentWriter();
    private SampleClock clock = SampleClock.standard();
    private boolean started;
    private long lastTimeMicros;
    private long decodeTime;
    private int lastDuration;
    /** Smoothed frame interval in ticks: the duration of a frame whose successor is not known yet. */
    private int estimate;

    /** A new format: frame durations are estimated from its nominal rate until frames tell better. */
    void format(int fps) {
        long nominal = 1_000_000L / Math.max(1, Math.min(fps, 240));
        clock = new SampleClock(VideoTrack.TIMESCALE, nominal, SampleClock.DEFAULT_MAX_SAMPLE_MICROS);
        estimate = clock.estimatedDuration();
    }

    /** The fragment of the next unit (in order); the payload is copied once, here. */
    LiveMessage fragment(TimedUnit unit) throws MalformedH264Exception {
        AccessUnit access = AccessUnit.fromAnnexB(ByteBufUtil.getBytes(unit.payload()));
        if (started) {
            int interval = clock.duration(lastTimeMicros, unit.timeMicros());
            decodeTime += Math.min(interval, 2L * lastDuration);
            estimate = interval > 2 * estimate ? 2 * estimate : (7 * estimate + interval) / 8;
        } else if (estimate == 0) {
            estimate = clock.estimatedDuration();
        }
        started = true;
        lastTimeMicros = unit.timeMicros();
        lastDuration = Math.max(1, estimate);
        byte[] bytes = writer.write(decodeTime, List.of(Sample.of(access, lastDuration)),
                ProducerReferenceTime.ofMillis(unit.captureWallMillis(), decodeTime));
        return LiveMessage.fragment(bytes, unit.keyframe());
    }
}
