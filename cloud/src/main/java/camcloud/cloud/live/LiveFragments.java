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
 * unit for all viewers. The decode timeline is the camera's cloud time, starting at 0 and
 * continuing across format changes and reconnects (so a viewer's buffer never goes backwards);
 * {@link SampleClock} keeps durations sane. The {@code prft} carries the camera's capture wall
 * clock: what a viewer measures latency against.
 *
 * <p>Like {@code media}'s {@code LiveFragmenter}, but one per camera rather than per viewer, and
 * with a timeline that survives a new init segment. Not thread-safe (the {@link LiveStream} lock).
 */
final class LiveFragments {

    private final FragmentWriter writer = new FragmentWriter();
    private SampleClock clock = SampleClock.standard();
    private boolean started;
    private long lastTimeMicros;
    private long decodeTime;

    /** A new format: frame durations are estimated from its nominal rate until frames tell better. */
    void format(int fps) {
        long nominal = 1_000_000L / Math.max(1, Math.min(fps, 240));
        clock = new SampleClock(VideoTrack.TIMESCALE, nominal, SampleClock.DEFAULT_MAX_SAMPLE_MICROS);
    }

    /** The fragment of the next unit (in order); the payload is copied once, here. */
    LiveMessage fragment(TimedUnit unit) throws MalformedH264Exception {
        AccessUnit access = AccessUnit.fromAnnexB(ByteBufUtil.getBytes(unit.payload()));
        if (started) {
            decodeTime += clock.duration(lastTimeMicros, unit.timeMicros());
        }
        started = true;
        lastTimeMicros = unit.timeMicros();
        byte[] bytes = writer.write(decodeTime, List.of(Sample.of(access, clock.estimatedDuration())),
                ProducerReferenceTime.ofMillis(unit.captureWallMillis(), decodeTime));
        return LiveMessage.fragment(bytes, unit.keyframe());
    }
}
