package camcloud.device.scene;

import camcloud.device.video.FramePacer;
import camcloud.device.video.ImageSettings;
import camcloud.device.video.LiveEncoder;
import camcloud.device.video.RawPicture;
import camcloud.device.video.RawPictureListener;
import camcloud.device.video.RawPictureSource;
import camcloud.device.video.SceneControl;
import camcloud.device.video.VideoFormat;
import camcloud.device.video.VideoFrame;
import camcloud.device.video.VideoSource;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A virtual camera whose picture is rendered and encoded live: the {@link ScriptedScene} (the world
 * through the pan/tilt head, the script's objects, light and noise, the image settings) rendered for
 * each frame, handed to the camera's analytics ({@link RawPictureListener}s), then encoded by JCodec
 * with the clock band on top ({@link LiveEncoder}). This is the source that can show what the camera
 * is told to do — move the head, change brightness, go to night mode — which a replayed loop cannot.
 *
 * <p>Per frame, on the clock thread that calls {@link #next()}: wait until the frame is due (paced like
 * {@link camcloud.device.video.SyntheticVideoSource}, capture time = due time), render, call the
 * listeners (each must return quickly), encode. A change of resolution, frame rate or bitrate
 * ({@link #apply}) starts a new encoder for the next frame, which is therefore an IDR with the new
 * SPS and PPS: the agent sees the new parameter sets and sends a new {@code StreamConfig} before it,
 * the cloud cuts its recording segment there and live viewers get the new format. Other settings,
 * head moves and night mode show in the next picture.
 *
 * <p>Cost: one JCodec encode per frame — far more than the replayed loop, so a process runs a few of
 * these, not thousands (figures in the README's camera section). {@link SceneControl} methods are
 * thread-safe; {@link #next()} is called by one thread.
 */
public final class LiveSceneSource implements VideoSource, SceneControl, RawPictureSource {

    /** The picture sizes of the virtual camera, largest first. */
    public static final List<Resolution> RESOLUTIONS = List.of(new Resolution(1280, 720), new Resolution(640, 360),
            new Resolution(320, 180));
    /** Seconds between IDRs. */
    public static final int KEYFRAME_SECONDS = 2;

    private static final Logger log = LoggerFactory.getLogger(LiveSceneSource.class);

    private final ScriptedScene scene;
    private final PtzHead head;
    private final Clock wallClock;
    private final long startNanos = System.nanoTime();
    private final List<RawPictureListener> listeners = new CopyOnWriteArrayList<>();
    private volatile ImageSettings settings;
    private volatile VideoFormat format;
    private LiveEncoder encoder;
    private ImageSettings encoderSettings;
    private FramePacer pacer;
    private int pacerFps;
    private long lastCaptureMicros = Long.MIN_VALUE;
    private volatile boolean closed;

    /** A camera showing {@code script} with {@code settings}, its clock in the system's zone. */
    public LiveSceneSource(SceneScript script, ImageSettings settings) {
        this(script, settings, Clock.systemDefaultZone());
    }

    /** The same with the wall clock (time shown and carried, and its zone) {@code wallClock}. */
    public LiveSceneSource(SceneScript script, ImageSettings settings, Clock wallClock) {
        requireOffered(settings);
        this.head = new PtzHead();
        this.scene = new ScriptedScene(script, head, settings);
        this.wallClock = Objects.requireNonNull(wallClock, "wallClock");
        this.settings = settings;
        startEncoder(settings);
    }

    /** Settings with neutral image adjustments at this size, rate and bitrate. */
    public static ImageSettings defaults(Resolution resolution, int fps, int bitrateKbps) {
        return new ImageSettings(0, 0, false, false, resolution, fps, bitrateKbps);
    }

    private void startEncoder(ImageSettings wanted) {
        Resolution r = wanted.resolution();
        encoder = new LiveEncoder(r.width(), r.height(), wanted.fps(), wanted.bitrateKbps(),
                Math.max(1, KEYFRAME_SECONDS * wanted.fps()), wallClock.getZone());
        encoderSettings = wanted;
        format = encoder.format();
    }

    @Override
    public VideoFormat format() {
        return format;
    }

    @Override
    public VideoFrame next() throws InterruptedException {
        if (closed) {
            throw new IllegalStateException("scene source is closed");
        }
        ImageSettings now = settings;
        if (!now.resolution().equals(encoderSettings.resolution()) || now.fps() != encoderSettings.fps()
                || now.bitrateKbps() != encoderSettings.bitrateKbps()) {
            log.info("scene source: {} at {} fps, {} kbit/s from the next frame (an IDR)", now.resolution(),
                    now.fps(), now.bitrateKbps());
            startEncoder(now);
        }
        if (pacer == null || pacerFps != now.fps()) {
            pacer = new FramePacer(now.fps());
            pacerFps = now.fps();
        }
        long nanos = pacer.awaitNext();
        long captureMicros = Math.max(TimeUnit.NANOSECONDS.toMicros(nanos), lastCaptureMicros + 1);
        lastCaptureMicros = captureMicros;
        long elapsedMicros = TimeUnit.NANOSECONDS.toMicros(nanos - startNanos);
        scene.settings(now);
        RawPicture picture = scene.render(elapsedMicros, captureMicros, wallClock.millis());
        for (RawPictureListener listener : listeners) {
            try {
                listener.onRawPicture(picture);
            } catch (RuntimeException e) {
                log.warn("raw-picture listener failed: {}", e.toString());
            }
        }
        return encoder.encode(picture);
    }

    @Override
    public Runnable addRawPictureListener(RawPictureListener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** The scene this source renders (its script and head). */
    public ScriptedScene scene() {
        return scene;
    }

    private long elapsedMicrosNow() {
        return TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos);
    }

    @Override
    public PtzLimits ptzLimits() {
        return head.limits();
    }

    @Override
    public PtzPosition ptzPosition() {
        return head.position(elapsedMicrosNow());
    }

    @Override
    public void moveTo(double panDeg, double tiltDeg, double speedDegPerS) {
        head.moveTo(panDeg, tiltDeg, speedDegPerS, elapsedMicrosNow());
    }

    @Override
    public void stop() {
        head.stop(elapsedMicrosNow());
    }

    @Override
    public void apply(ImageSettings settings) {
        Objects.requireNonNull(settings, "settings");
        requireOffered(settings);
        this.settings = settings;
    }

    private static void requireOffered(ImageSettings settings) {
        if (!RESOLUTIONS.contains(settings.resolution())) {
            throw new IllegalArgumentException("video.resolution " + settings.resolution() + " is not one of "
                    + RESOLUTIONS.stream().map(Resolution::toString).collect(Collectors.joining(", ")));
        }
    }

    @Override
    public ImageSettings imageSettings() {
        return settings;
    }

    @Override
    public List<Resolution> resolutions() {
        return RESOLUTIONS;
    }

    @Override
    public void nightMode(boolean on) {
        scene.nightMode(on);
    }

    @Override
    public boolean nightMode() {
        return scene.nightMode();
    }

    @Override
    public void close() {
        closed = true;
    }
}
