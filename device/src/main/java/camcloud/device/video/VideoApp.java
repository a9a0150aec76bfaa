package camcloud.device.video;

import camcloud.device.ring.RingWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's video application: takes each access unit its {@link VideoSource} produces and
 * publishes it into the shared-memory ring ({@link RingWriter}), where the cloud agent, in this
 * process or another, reads it in place. It never waits for the agent: the ring overwrites its
 * oldest frames when nobody reads them.
 *
 * <p>Threads: the app does not own one. It runs as a fixed-rate task at the source's frame rate on a
 * {@code clock} executor that many cameras share (a fleet of thousands needs a few threads, not
 * thousands). A source paces itself, so the task mostly finds its frame due and returns at once; a
 * source whose frames are due later than the nominal rate (a file with longer frame durations)
 * blocks that clock thread until the frame is due, so give the clock a few threads when cameras play
 * such files. Encoding is not done here: the synthetic source replays a loop encoded once per process
 * under a clock band encoded once a second per picture size, ahead of time on a thread of its own;
 * the live scene ({@code LiveSceneSource}) encodes each frame inside {@link VideoSource#next()}, on the
 * clock thread, which is why a process runs only a few of those. When a source's frame rate changes
 * (the cloud set {@code video.fps}), the task is rescheduled at the new rate.
 *
 * <p>For the camera's analytics the app offers the source's controls ({@link #sceneControl()}), its
 * pictures before encoding ({@link #onRawPicture}) and every frame it publishes ({@link #onEncodedFrame}).
 *
 * <pre>{@code
 * ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
 * try (VideoApp app = VideoApp.start(new SyntheticVideoSource(SceneSettings.sd360(), seed), ringFile, clock)) {
 *     ... // the agent reads ringFile
 * }
 * }</pre>
 */
public final class VideoApp implements AutoCloseable {

    /** Frames the ring's index remembers: several seconds even at 60 fps. */
    public static final int RING_SLOTS = 512;
    /**
     * Default payload bytes of the ring: 2 MiB holds several seconds of a cheap camera's stream (the
     * agent takes frames within milliseconds; the ring only bridges its pauses) and allows 512 KiB
     * frames. {@link VideoSourceSpec#ringBytes()} sizes a ring for a known source.
     */
    public static final int RING_BYTES = 2 << 20;

    private static final Logger log = LoggerFactory.getLogger(VideoApp.class);

    private final VideoSource source;
    private final RingWriter ring;
    private final Object ringLock = new Object();
    private final List<Consumer<VideoFrame>> frameListeners = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService clock;
    private ScheduledFuture<?> task;
    private int scheduledFps;
    private volatile boolean closed;
    private volatile long framesWritten;
    private volatile long framesRefused;

    private VideoApp(VideoSource source, RingWriter ring) {
        this.source = source;
        this.ring = ring;
    }

    /** {@link #start(VideoSource, Path, int, ScheduledExecutorService)} with a {@value #RING_BYTES}-byte ring. */
    public static VideoApp start(VideoSource source, Path ringFile, ScheduledExecutorService clock)
            throws IOException {
        return start(source, ringFile, RING_BYTES, clock);
    }

    /**
     * Creates the ring file of {@code ringBytes} payload bytes (replacing an old one) and starts
     * publishing frames on {@code clock}. On failure the source is closed.
     */
    public static VideoApp start(VideoSource source, Path ringFile, int ringBytes, ScheduledExecutorService clock)
            throws IOException {
        RingWriter ring;
        try {
            ring = RingWriter.create(ringFile, RING_SLOTS, ringBytes);
        } catch (IOException | RuntimeException e) {
            source.close();
            throw e;
        }
        VideoApp app = new VideoApp(source, ring);
        app.clock = clock;
        synchronized (app.ringLock) {
            app.schedule(source.format().fps(), 0);
        }
        return app;
    }

    /** (Re)starts the frame task at {@code fps}; called with {@link #ringLock} held. */
    private void schedule(int fps, long delayNanos) {
        scheduledFps = Math.max(1, fps);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / scheduledFps;
        task = clock.scheduleAtFixedRate(this::publishNext, delayNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * A source whose frame rate changed (a live source told to) gets a task at its new rate: a faster
     * rate would otherwise be capped by the old period, a slower one would hold a clock thread.
     */
    private void followFrameRate() {
        int fps = source.format().fps();
        synchronized (ringLock) {
            if (closed || fps == scheduledFps) {
                return;
            }
            task.cancel(false);
            schedule(fps, TimeUnit.SECONDS.toNanos(1) / Math.max(1, fps));
        }
    }

    /** Takes the next frame from the source (waiting until it is due) and publishes it. */
    private void publishNext() {
        if (closed) {
            return;
        }
        try {
            VideoFrame frame = source.next();
            synchronized (ringLock) {
                if (closed) {
                    return;
                }
                if (frame.annexB().length > ring.maxFrameBytes()) {
                    framesRefused++;
                    log.warn("video frame of {} bytes is larger than the ring allows ({}); dropped",
                            frame.annexB().length, ring.maxFrameBytes());
                    return;
                }
                ring.append(frame);
                framesWritten++;
            }
            followFrameRate();
            for (Consumer<VideoFrame> listener : frameListeners) {
                try {
                    listener.accept(frame);
                } catch (RuntimeException e) {
                    log.warn("encoded-frame listener failed: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (!closed) {
                // Never let the exception out: it would cancel the fixed-rate task and freeze the picture.
                log.warn("video source failed: {}", e.toString());
            }
        }
    }

    /**
     * The camera's picture controls (pan/tilt head, image settings, night hardware) when its source
     * renders live ({@code LiveSceneSource}); empty for a file or the shared synthetic loop.
     */
    public Optional<SceneControl> sceneControl() {
        return source instanceof SceneControl control ? Optional.of(control) : Optional.empty();
    }

    /**
     * Calls {@code listener} with every picture the source renders, before it is encoded, on the clock
     * thread (see {@link RawPictureListener}). Returns what removes it; for a source without raw
     * pictures (a file, the shared loop) the listener is never called and the remover does nothing.
     */
    public Runnable onRawPicture(RawPictureListener listener) {
        Objects.requireNonNull(listener, "listener");
        if (source instanceof RawPictureSource raw) {
            return raw.addRawPictureListener(listener);
        }
        return () -> { };
    }

    /**
     * Calls {@code listener} with every frame published into the ring (also for sources without raw
     * pictures: what file-source analytics can estimate from), on the clock thread, after the frame is
     * in the ring; it must return quickly. A listener that throws is logged and kept. Returns what
     * removes it.
     */
    public Runnable onEncodedFrame(Consumer<VideoFrame> listener) {
        Objects.requireNonNull(listener, "listener");
        frameListeners.add(listener);
        return () -> frameListeners.remove(listener);
    }

    /** The ring file the agent reads. */
    public Path ringFile() {
        return ring.file();
    }

    /** The source's format. */
    public VideoFormat format() {
        return source.format();
    }

    /** The rate the frame task runs at now: the source's, followed when it changes. */
    int taskFrameRate() {
        synchronized (ringLock) {
            return scheduledFps;
        }
    }

    /** Frames published into the ring. */
    public long framesWritten() {
        return framesWritten;
    }

    /** Frames too large for the ring, dropped. */
    public long framesRefused() {
        return framesRefused;
    }

    /** Stops the app, closes the source, and closes and deletes the ring file. */
    @Override
    public void close() {
        closed = true;
        synchronized (ringLock) {
            if (task != null) {
                task.cancel(false);
            }
        }
        source.close();
        synchronized (ringLock) {
            ring.closeAndDelete();
        }
    }
}
