package camcloud.cloud.recording;

import camcloud.cloud.storage.ObjectStore;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoHub;
import camcloud.cloud.video.VideoSink;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder of a node: a {@link VideoHub} whose sinks queue each camera's video for a small pool
 * of recorder threads that write fMP4 segments to the {@link ObjectStore} and index them in the
 * {@link SegmentIndex} (see {@link CameraRecorder} for the per-camera rules). Disk and database work
 * never runs on an event loop; each camera's events are handled in order by one thread at a time.
 *
 * <p>{@link #close()} commits every open segment, so a graceful stop loses nothing; a crash loses
 * at most the open segments, which were never acknowledged. {@link #drain} ends them at their last
 * keyframe instead, for a node whose cameras move to another node (they resend from there).
 *
 * <p>When the store or the database is unreachable, finished segments wait on local disk and are
 * retried, unacknowledged; {@link #backlog()} says how much waits since when and why (for /health
 * and metrics), and cameras are told to come back later once it reaches its bound.
 */
public final class Recorder implements VideoHub, IndexingProgress, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final ObjectStore store;
    private final SegmentIndex index;
    private final RecordingPolicies policies;
    private final StorageRoom room;
    private final RecorderSettings settings;
    private final RecorderThreads workers;
    private final ScheduledExecutorService timers;
    private final ConcurrentHashMap<String, CameraRecorder> cameras = new ConcurrentHashMap<>();
    private final AtomicLong segments = new AtomicLong();
    private final AtomicLong segmentBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong unusable = new AtomicLong();
    private final AtomicLong continued = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final AtomicLong queued = new AtomicLong();
    private final RecordingMarks marks;
    private final AtomicLong backlogSegments = new AtomicLong();
    private final AtomicLong backlogBytes = new AtomicLong();
    private volatile long failingSinceMillis;
    private volatile String lastError = "";
    private volatile long lastErrorAtMillis;
    private volatile boolean closed;
    private volatile boolean draining;

    /**
     * What waits for the store or the database.
     *
     * @param segments     finished segments not stored yet (not acknowledged)
     * @param bytes        their bytes, on local disk
     * @param limitBytes   the bound; at it cameras are told to retry later
     * @param sinceMillis  epoch millis of the first failure since the backlog was last empty, 0 when fine
     * @param lastError    the last store or database error ("" when none yet)
     * @param lastErrorAtMillis when it happened, 0 when never
     */
    public record Backlog(long segments, long bytes, long limitBytes, long sinceMillis, String lastError,
                          long lastErrorAtMillis) {

        /** True while something waits because the store or the database failed. */
        public boolean failing() {
            return sinceMillis != 0;
        }

        public boolean full() {
            return bytes >= limitBytes;
        }
    }

    public Recorder(ObjectStore store, SegmentIndex index, RecordingPolicies policies, StorageRoom room,
                    RecorderSettings settings) {
        this(store, index, policies, room, settings, new RecordingMarks(index.database(), null));
    }

    /** @param marks where this node marks objects in flight (named by its node id) for start-up recovery */
    public Recorder(ObjectStore store, SegmentIndex index, RecordingPolicies policies, StorageRoom room,
                    RecorderSettings settings, RecordingMarks marks) {
        this.marks = marks;
        this.store = store;
        this.index = index;
        this.policies = policies;
        this.room = room;
        this.settings = settings;
        this.workers = new RecorderThreads(settings.threads(), "recorder");
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "recorder-timer"));
    }

    @Override
    public VideoSink open(String serial, long bootId, PersistedAcks acks) {
        CameraRecorder camera = cameras.computeIfAbsent(serial, s -> new CameraRecorder(this, s));
        if (draining) {
            camera.offer(new CameraRecorder.Drain(new CountDownLatch(1))); // a camera that came meanwhile: none of it is taken
        }
        CameraRecorder.Session session = camera.opened(bootId, acks);
        return new VideoSink() {
            @Override
            public void format(StreamFormat format) {
                camera.offer(new CameraRecorder.Format(format));
            }

            @Override
            public void unit(TimedUnit unit) {
                if (unit.liveOnly()) {
                    camera.offer(new CameraRecorder.LiveOnly(unit.retain(), bootId));
                    return; // for viewers only: never recorded, acknowledged in turn
                }
                received.incrementAndGet();
                receivedBytes.addAndGet(unit.payload().readableBytes());
                camera.offer(new CameraRecorder.Unit(unit.retain(), bootId, false));
            }

            @Override
            public void gap(long fromMicros, long toMicros, String reason) {
                camera.offer(new CameraRecorder.GapHeard(reason));
            }

            @Override
            public void idle(long fromMicros, long toMicros, long lastSequence) {
                camera.offer(new CameraRecorder.Idle(fromMicros, toMicros, lastSequence, bootId));
            }

            @Override
            public void closed() {
                camera.closed(session);
            }
        };
    }

    /**
     * The camera changed hands at {@code atMicros} (cloud time): its segment is cut there, so that no
     * segment holds video of two owners (see {@code ownership.VideoWindow}).
     */
    public void ownerChanged(String serial, long atMicros) {
        CameraRecorder camera = cameras.get(serial);
        if (camera != null) {
            camera.offer(new CameraRecorder.OwnerChanged(atMicros));
        }
    }

    @Override
    public OptionalLong unindexedSince(String serial) {
        CameraRecorder camera = cameras.get(serial);
        return camera == null ? OptionalLong.empty() : camera.unindexedSince();
    }

    /** Units handed to the recorder since start. */
    public long unitsReceived() {
        return received.get();
    }

    /** Payload bytes handed to the recorder since start. */
    public long bytesReceived() {
        return receivedBytes.get();
    }

    /** Units waiting in cameras' queues for a recorder thread (memory the recorder holds). */
    public long unitsQueued() {
        return queued.get();
    }

    /** Segments written since start (a continued one counts once). */
    public long segmentsWritten() {
        return segments.get();
    }

    /** Bytes of segments written since start (a continued segment's file counts whole: it is written again). */
    public long bytesWritten() {
        return segmentBytes.get();
    }

    /** Units dropped because a camera's queue was full (slow storage). */
    public long unitsDropped() {
        return dropped.get();
    }

    /**
     * Units that reached a recorder thread but could not be recorded: pictures without their keyframe
     * (after a hole or a format change, or the rest of a GOP whose segment could not be reopened) and
     * units without a usable picture. Each is inside a listed gap (or, for a unit inside a segment,
     * logged).
     */
    public long unitsUnusable() {
        return unusable.get();
    }

    /** Segments reopened to take the rest of their GOP, which the camera resent after a reconnect. */
    public long segmentsContinued() {
        return continued.get();
    }

    /** What waits for the store or the database (see {@link Backlog}). */
    public Backlog backlog() {
        return new Backlog(backlogSegments.get(), backlogBytes.get(), settings.backlogBytes(), failingSinceMillis,
                lastError, lastErrorAtMillis);
    }

    /**
     * Meters of the backlog, {@code camcloud.recorder.backlog.*} (queue, drops and segments written are
     * the node's meters: {@code metrics.NodeMeters}).
     */
    public void register(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("camcloud.recorder.backlog.segments", backlogSegments,
                AtomicLong::get).description("finished segments waiting for the store or database").register(registry);
        io.micrometer.core.instrument.Gauge.builder("camcloud.recorder.backlog.bytes", backlogBytes, AtomicLong::get)
                .description("bytes of segments waiting on local disk").register(registry);
    }

    /**
     * Ends every camera's open segment at its last keyframe (the rest stays unacknowledged, for the
     * camera to resend to its next node), stores what waits if the store answers, and takes no more
     * video; waits at most {@code timeout}. Returns how many cameras were drained in time.
     */
    public int drain(java.time.Duration timeout) {
        draining = true;
        CountDownLatch done = new CountDownLatch(cameras.size());
        cameras.values().forEach(c -> c.offer(new CameraRecorder.Drain(done)));
        try {
            if (!done.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("recorder: {} cameras' segments not ended within {} ms", done.getCount(), timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return (int) (cameras.size() - done.getCount());
    }

    /** Commits every open segment, then stops the recorder threads. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        CountDownLatch done = new CountDownLatch(cameras.size());
        cameras.values().forEach(c -> c.offer(new CameraRecorder.Shutdown(done)));
        try {
            if (!done.await(30, TimeUnit.SECONDS)) {
                log.warn("recorder: open segments not all closed within 30 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        timers.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    RecorderSettings settings() {
        return settings;
    }

    ObjectStore store() {
        return store;
    }

    SegmentIndex index() {
        return index;
    }

    RecordingPolicies policies() {
        return policies;
    }

    StorageRoom room() {
        return room;
    }

    RecordingMarks marks() {
        return marks;
    }

    void backlogAdded(long bytes) {
        backlogSegments.incrementAndGet();
        backlogBytes.addAndGet(bytes);
    }

    void backlogRemoved(long bytes) {
        backlogBytes.addAndGet(-bytes);
        if (backlogSegments.decrementAndGet() == 0) {
            failingSinceMillis = 0;
        }
    }

    boolean backlogFull() {
        return backlogBytes.get() >= settings.backlogBytes();
    }

    /** The store or the database failed a recorder's work. */
    void failed(Exception e) {
        long now = System.currentTimeMillis();
        lastError = e.toString();
        lastErrorAtMillis = now;
        if (failingSinceMillis == 0) {
            failingSinceMillis = now;
        }
    }

    void countQueued(int delta) {
        queued.addAndGet(delta);
    }

    void countDropped() {
        dropped.incrementAndGet();
    }

    void countUnusable() {
        unusable.incrementAndGet();
    }

    void countContinued() {
        continued.incrementAndGet();
    }

    void countSegment(boolean newSegment, long bytes) {
        if (newSegment) {
            segments.incrementAndGet();
        }
        segmentBytes.addAndGet(bytes);
    }

    void execute(Runnable task) {
        workers.execute(task);
    }

    void later(Runnable task, long millis) {
        try {
            timers.schedule(task, millis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // shutting down: close() commits open segments anyway
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
