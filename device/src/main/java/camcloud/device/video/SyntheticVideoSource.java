package camcloud.device.video;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * A virtual camera's picture: a synthetic scene (moving boxes and a ball over a sky-and-ground
 * background) under a burned-in clock showing the real capture time, as real H.264 from JCodec,
 * paced at the configured frame rate with fresh capture timestamps.
 *
 * <p><b>Encoded once, replayed; the clock spliced in.</b> JCodec encodes 640x360 at a few tens of
 * frames per second and 720p at about ten on one core, so encoding live would cap a process at a
 * handful of cameras. Instead each picture is two slices ({@link EncodedLoop}):
 * <ul>
 *   <li>the <b>scene</b> below the clock is a loop of {@link SceneSettings#loopFrames()} frames encoded
 *       once per (settings, scene variant) and shared through an {@link EncodedLoopCache}; every camera
 *       replays it with its own timestamps. Its bitstream repeats every {@code loopSeconds} (rounded
 *       up to whole GOPs); each repetition starts on an IDR with SPS and PPS, and the motion is
 *       periodic over the loop, so the picture flows across the seam;</li>
 *   <li>the <b>clock band</b> on top shows this frame's capture time on the camera's wall clock, in
 *       its time zone with the UTC offset ({@link ClockBand#label}). It changes once a second, so it is
 *       intra-coded once per second per picture size and shared by all cameras
 *       ({@link ClockBandCache}); a camera sends that band in the first frame of each second and in
 *       every IDR, and in the frames between a band of skipped macroblocks that repeats it.</li>
 * </ul>
 * Per frame a camera does no encoding: a frame without a new band is the loop's shared array, a
 * frame with one is a copy of the loop's unit with the band's slice in front of the scene's.
 *
 * <p>A camera's {@code seed} picks one of {@link EncodedLoopCache#SCENE_VARIANTS} scene variants and
 * the position in the loop where the camera starts (a whole GOP, so its first frame is an IDR);
 * cameras with the same variant share the encoded loop but are out of phase.
 *
 * <p>Pacing: {@link #next()} blocks until the frame is due ({@code start + n / fps} on
 * {@link System#nanoTime()}); {@code captureMicros} is that monotonic clock in microseconds, strictly
 * increasing; {@code wallClockMillis} is the wall clock's time then, which is also what the picture's
 * clock shows.
 *
 * <pre>{@code
 * try (VideoSource camera = new SyntheticVideoSource(SceneSettings.hd720(), cameraId.hashCode());
 *      RingWriter ring = RingWriter.create(ringFile, 1024, 8 << 20)) {
 *     while (running) ring.append(camera.next());
 * }
 * }</pre>
 * Not thread-safe: one thread calls {@link #next()}.
 */
public final class SyntheticVideoSource implements VideoSource {

    private final EncodedLoop loop;
    private final ClockBandCache clockBands;
    private final Clock wallClock;
    private final FramePacer pacer;
    private int index;
    private long lastCaptureMicros = Long.MIN_VALUE;
    private long shownSecond = Long.MIN_VALUE;
    private String shownLabel;
    private volatile boolean closed;

    /** A camera on the process-wide loop cache. Blocks while its loop is encoded, if nobody has yet. */
    public SyntheticVideoSource(SceneSettings settings, long seed) {
        this(settings, seed, EncodedLoopCache.shared());
    }

    /** A camera on the given loop cache. Blocks while its loop is encoded, if nobody has yet. */
    public SyntheticVideoSource(SceneSettings settings, long seed, EncodedLoopCache cache) {
        this(settings, seed, cache, Clock.systemDefaultZone());
    }

    /**
     * A camera whose wall clock (the time its picture shows and its frames carry, in the clock's
     * zone) is {@code wallClock}.
     */
    public SyntheticVideoSource(SceneSettings settings, long seed, EncodedLoopCache cache, Clock wallClock) {
        this.loop = cache.loop(settings, variantOf(seed));
        this.clockBands = cache.clockBands(loop.split());
        this.wallClock = wallClock;
        this.pacer = new FramePacer(settings.fps());
        int gops = loop.frameCount() / settings.gopFrames();
        this.index = (int) Math.floorMod(Long.rotateRight(seed, 17) ^ seed, (long) gops) * settings.gopFrames();
    }

    /** The scene variant a seed selects. */
    public static int variantOf(long seed) {
        return (int) Math.floorMod(seed * 0x9E3779B97F4A7C15L >>> 32, (long) EncodedLoopCache.SCENE_VARIANTS);
    }

    @Override
    public VideoFormat format() {
        return loop.format();
    }

    /** The loop this camera replays (shared with other cameras of the same settings and variant). */
    public EncodedLoop loop() {
        return loop;
    }

    @Override
    public VideoFrame next() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("synthetic source is closed");
        }
        long nanos = pacer.awaitNext();
        long captureMicros = Math.max(TimeUnit.NANOSECONDS.toMicros(nanos), lastCaptureMicros + 1);
        lastCaptureMicros = captureMicros;
        long wallMillis = wallClock.millis();
        int current = index;
        index = (index + 1) % loop.frameCount();
        boolean keyframe = loop.isKeyframe(current);
        return new VideoFrame(picture(current, keyframe, wallMillis), keyframe, captureMicros, wallMillis);
    }

    /** The loop's unit, with a freshly spliced clock band when the label changed or a decoder may start here. */
    private byte[] picture(int current, boolean keyframe, long wallMillis) {
        long second = Math.floorDiv(wallMillis, 1000);
        boolean newLabel = false;
        if (second != shownSecond) {
            shownSecond = second;
            String label = ClockBand.label(wallMillis, wallClock.getZone());
            newLabel = !label.equals(shownLabel);
            shownLabel = label;
            clockBands.prefetch(ClockBand.label((second + 1) * 1000, wallClock.getZone()));
        }
        if (keyframe || newLabel) {
            return loop.accessUnit(current, clockBands.slice(shownLabel));
        }
        return loop.accessUnit(current);
    }

    @Override
    public void close() {
        closed = true;
    }
}
