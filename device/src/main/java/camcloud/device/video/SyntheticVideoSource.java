package camcloud.device.video;

import java.util.concurrent.TimeUnit;

/**
 * A virtual camera's picture: a synthetic scene (moving boxes and a ball over a sky-and-ground
 * background, with a burned-in clock) as real H.264 from JCodec, paced at the configured frame rate
 * with fresh capture timestamps.
 *
 * <p><b>Encoded once, replayed.</b> JCodec encodes 640x360 at a few tens of frames per second and
 * 720p at about ten on one core, so encoding live would cap a process at a handful of cameras.
 * Instead a loop of {@link SceneSettings#loopFrames()} frames is encoded once per (settings, scene
 * variant) and shared through an {@link EncodedLoopCache}; every camera replays it with its own
 * timestamps. What that means, honestly:
 * <ul>
 *   <li>the bitstream repeats every {@code loopSeconds} (rounded up to whole GOPs); each repetition
 *       starts on an IDR with SPS and PPS, so a decoder never references across the loop seam, and
 *       the motion is periodic over the loop, so the picture flows across it;</li>
 *   <li>the <b>burned-in clock is the loop's own clock</b> ({@code 00:00:00.0} up to the loop length,
 *       then again), followed by the scene variant digit. It is <em>not</em> the camera's wall clock:
 *       drawing the real time would make every picture different and need a live encode per camera.
 *       The real capture time travels in each {@link VideoFrame}'s {@code captureMicros} and
 *       {@code wallClockMillis}, which are fresh for every frame;</li>
 *   <li>a camera's {@code seed} picks one of {@link EncodedLoopCache#SCENE_VARIANTS} scene variants
 *       and the position in the loop where the camera starts (a whole GOP, so its first frame is an
 *       IDR); cameras with the same variant share the encoded loop but are out of phase.</li>
 * </ul>
 *
 * <p>Pacing: {@link #next()} blocks until the frame is due ({@code start + n / fps} on
 * {@link System#nanoTime()}); {@code captureMicros} is that monotonic clock in microseconds, strictly
 * increasing; {@code wallClockMillis} is {@link System#currentTimeMillis()}.
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
    private final FramePacer pacer;
    private int index;
    private long lastCaptureMicros = Long.MIN_VALUE;
    private volatile boolean closed;

    /** A camera on the process-wide loop cache. Blocks while its loop is encoded, if nobody has yet. */
    public SyntheticVideoSource(SceneSettings settings, long seed) {
        this(settings, seed, EncodedLoopCache.shared());
    }

    /** A camera on the given loop cache. Blocks while its loop is encoded, if nobody has yet. */
    public SyntheticVideoSource(SceneSettings settings, long seed, EncodedLoopCache cache) {
        this.loop = cache.loop(settings, variantOf(seed));
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
        int current = index;
        index = (index + 1) % loop.frameCount();
        return new VideoFrame(loop.accessUnit(current), loop.isKeyframe(current), captureMicros,
                System.currentTimeMillis());
    }

    @Override
    public void close() {
        closed = true;
    }
}
