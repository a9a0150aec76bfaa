package camcloud.media.fmp4;

import camcloud.media.h264.AccessUnit;
import java.util.List;

/**
 * Turns a camera's frames into what a live viewer's Media Source Extensions buffer takes: one init
 * segment, then one fragment per frame, written the moment the frame arrives (no waiting for the
 * next one). Each fragment starts with a {@code prft} carrying the capture wall clock so the page
 * can measure latency.
 *
 * <p>Decode times come from the capture timestamps ({@link SampleClock} sanitizes them) starting
 * at 0 for the viewer's session; a frame's own duration is estimated from recent intervals and the
 * next frame's decode time corrects any difference, so ordinary jitter never drifts the timeline.
 * A stall is different: Chromium's MSE treats a decode time more than twice the previous frame's
 * duration ahead as a discontinuity and drops every frame until the next keyframe, and a hole in
 * the buffered range leaves a {@code <video>} element waiting at the hole. So after a stall the
 * decode time advances by at most twice the previous duration: the picture resumes at once and
 * the viewer's timeline runs behind capture by the stall. Latency stays measurable because each
 * fragment's {@code prft} maps its own decode time to its capture wall clock.
 *
 * <pre>{@code
 * LiveFragmenter live = new LiveFragmenter(track, SampleClock.standard());
 * socket.send(live.initSegment());          // mime type: track.mimeType()
 * socket.send(live.fragment(unit, captureMicros, wallClockMillis)); // per frame, from a keyframe on
 * }</pre>
 * Not thread-safe: one per viewer or per camera.
 */
public final class LiveFragmenter {

    private final VideoTrack track;
    private final SampleClock clock;
    private final FragmentWriter fragments = new FragmentWriter();
    private boolean started;
    private long lastCaptureMicros;
    private long decodeTime;
    private int lastDuration;
    /** Smoothed frame interval in ticks: the duration written for a frame whose successor is unknown. */
    private int estimate;

    public LiveFragmenter(VideoTrack track, SampleClock clock) {
        this.track = track;
        this.clock = clock;
    }

    public byte[] initSegment() {
        return InitSegment.of(track);
    }

    /**
     * The fragment of the next frame. The first frame must be a keyframe, since a viewer's decoder
     * starts here.
     */
    public byte[] fragment(AccessUnit unit, long captureMicros, long wallClockMillis) {
        if (!started) {
            if (!unit.keyframe()) {
                throw new IllegalArgumentException("a live stream must start with a keyframe (IDR)");
            }
            started = true;
            estimate = clock.estimatedDuration();
        } else {
            int interval = clock.duration(lastCaptureMicros, captureMicros);
            decodeTime += Math.min(interval, 2L * lastDuration);
            estimate = interval > 2 * estimate
                    ? 2 * estimate // a stall, or the camera slowing down: learn, but not from one long gap
                    : (7 * estimate + interval) / 8;
        }
        lastCaptureMicros = captureMicros;
        lastDuration = Math.max(1, estimate);
        Sample sample = Sample.of(unit, lastDuration);
        return fragments.write(decodeTime, List.of(sample),
                ProducerReferenceTime.ofMillis(wallClockMillis, decodeTime));
    }

    /** Decode time of the last fragment, in ticks. */
    public long decodeTime() {
        return decodeTime;
    }
}
