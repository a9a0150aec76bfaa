package camcloud.cloud.retention;

import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.ownership.RecordingEraser;
import camcloud.cloud.ownership.VideoWindow;
import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.RecordingMarks;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.recording.StorageRoom;
import camcloud.cloud.storage.ObjectStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old video, oldest first: per camera by age — by the rules of the ownership each piece was
 * recorded under ({@link RetentionSpan}), continuous video and event clips each by their own rule — and by total bytes (the camera's {@code recording_settings}
 * or the node's defaults), video an owner asked to erase ({@link #erase}), and node-wide when the store reaches its cap or
 * the medium its minimum free space ({@link #ensureRoom}, asked by the recorder before every segment
 * and after a failed write). The index row goes before the file, so a crash in between leaves an
 * orphan file that start-up recovery deletes — never a row without its file.
 *
 * <p>Thread-safe (one deletion at a time); runs every {@code checkSeconds} on its own thread.
 */
public final class Retention implements StorageRoom, RecordingEraser, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 64;

    private final ObjectStore store;
    private final SegmentIndex index;
    private final RecordingPolicies policies;
    private final Ownerships ownerships;
    private final RetentionSettings settings;
    private final List<Expiry> expiries = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService timer;
    private long deleted;
    private volatile RecordingMarks marks;

    /**
     * Hears that the video of a stretch of a camera's timeline is gone for good — by age, size, a full
     * store or its owner's erasure — so what belongs to that stretch (events and their snapshots) goes
     * with it. Called on the retention thread (or the eraser's caller) after the segments' deletion;
     * may block on the database, must not throw.
     */
    public interface Expiry {
        /** Everything the camera recorded in {@code [fromMicros, toMicros)} is gone. */
        void expired(String serial, long fromMicros, long toMicros);

        /** Cameras that have something to expire though they may have no segments (checked by age too). */
        default java.util.Collection<String> cameras() {
            return List.of();
        }
    }

    public Retention(ObjectStore store, SegmentIndex index, RecordingPolicies policies, Ownerships ownerships,
                     RetentionSettings settings) {
        this.store = store;
        this.index = index;
        this.policies = policies;
        this.ownerships = ownerships;
        this.settings = settings;
    }

    /**
     * Marks each object before its row goes and clears the mark once the object is deleted, so a crash
     * (or a store that fails the delete) in between leaves a mark start-up recovery resolves rather
     * than an object nobody lists (with S3, recovery does not list the bucket).
     */
    public void markDeletes(RecordingMarks marks) {
        this.marks = marks;
    }

    /** Adds what hears of expired stretches of video; returns what removes it. */
    public Runnable onExpired(Expiry expiry) {
        expiries.add(expiry);
        return () -> expiries.remove(expiry);
    }

    /** Enforces the limits now and then every {@code checkSeconds}. */
    public Retention start() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::enforceQuietly, 0, settings.checkSeconds(), TimeUnit.SECONDS);
        return this;
    }

    /**
     * Applies every camera's age limits (per ownership: see {@link RetentionSpan}) and its size limit
     * (on the video of its current use: since its current owner claimed it, or since it was last
     * released), then the node's; returns segments deleted.
     */
    public synchronized int enforce() throws IOException {
        int removed = 0;
        long nowMicros = System.currentTimeMillis() * 1000;
        java.util.Set<String> cameras = new java.util.TreeSet<>(index.cameras());
        expiries.forEach(e -> cameras.addAll(e.cameras()));
        for (String serial : cameras) {
            RecordingPolicies.Policy policy = policies.of(serial);
            List<RetentionSpan> spans = RetentionSpan.of(ownerships.of(serial), policy, settings);
            for (RetentionSpan span : spans) {
                if (span.limited()) {
                    long cutoff = span.cutoffMicros(nowMicros);
                    removed += deleteWhile(() -> index.oldest(serial, span.fromMicros(), span.toMicros(), false,
                            BATCH), s -> s.endMicros() <= cutoff);
                }
                if (span.eventsLimited()) {
                    long cutoff = span.eventCutoffMicros(nowMicros);
                    removed += deleteWhile(() -> index.oldest(serial, span.fromMicros(), span.toMicros(), true,
                            BATCH), s -> s.endMicros() <= cutoff);
                    // Events (and their snapshots) are the moments event clips keep: they go by the same rule.
                    if (cutoff > span.fromMicros()) {
                        expired(serial, span.fromMicros(), Math.min(span.toMicros(), cutoff));
                    }
                }
                if (span.limited() && span.eventsLimited()) {
                    index.removeGaps(serial, span.fromMicros(), span.toMicros(), span.gapCutoffMicros(nowMicros));
                }
            }
            long bytes = policy.retentionBytes().orElse(settings.bytesPerCamera());
            if (bytes > 0) {
                long since = spans.get(spans.size() - 1).fromMicros();
                long[] total = {index.totalBytes(serial, since)};
                long[] until = {Long.MIN_VALUE};
                removed += deleteWhile(() -> index.oldest(serial, since, Long.MAX_VALUE, BATCH), s -> {
                    if (total[0] <= bytes) {
                        return false;
                    }
                    total[0] -= s.sizeBytes();
                    until[0] = Math.max(until[0], s.endMicros());
                    return true;
                });
                if (until[0] > since) {
                    expired(serial, since, until[0]);
                }
            }
        }
        ensureRoom();
        return removed;
    }

    /**
     * Deletes what the camera recorded in {@code window} — also a segment that straddles its start,
     * which holds some of it — and the gaps listed in it: an owner releasing a camera with its
     * recordings deleted, or a former owner giving up the recordings they kept.
     */
    @Override
    public synchronized int erase(String serial, VideoWindow window) throws IOException {
        int removed = deleteWhile(() -> index.segments(serial, window.fromMicros(), window.fromMicros() + 1).stream()
                .filter(s -> s.startMicros() < window.fromMicros()).toList(), s -> true);
        removed += deleteWhile(() -> index.oldest(serial, window.fromMicros(), window.toMicros(), BATCH), s -> true);
        index.removeGaps(serial, window.fromMicros(), window.toMicros(), Long.MAX_VALUE);
        expired(serial, window.fromMicros(), window.toMicros());
        if (removed > 0) {
            log.info("camera {}: erased {} recorded segments at its owner's request", serial, removed);
        }
        return removed;
    }

    /**
     * True when the store is below its cap and the medium above its free-space floor, deleting oldest
     * first. Cheap when there is room (no lock, no database), as the recorder asks before every segment.
     */
    @Override
    public boolean ensureRoom() {
        return !full() || freeSpace();
    }

    private synchronized boolean freeSpace() {
        try {
            int removed = deleteWhile(() -> index.oldestOverall(BATCH), s -> {
                if (!full()) {
                    return false;
                }
                expired(s.cameraSerial(), Long.MIN_VALUE, s.endMicros()); // oldest first: all before it is gone
                return true;
            });
            if (removed > 0) {
                log.warn("storage full: deleted the node's {} oldest segments to make room", removed);
            }
            return !full();
        } catch (IOException | RuntimeException e) {
            log.warn("storage check failed: {}", e.toString());
            return false;
        }
    }

    /** Segments deleted since start. */
    public synchronized long deletedSegments() {
        return deleted;
    }

    private boolean full() {
        try {
            return (settings.storageMaxBytes() > 0 && store.usedBytes() >= settings.storageMaxBytes())
                    || store.usableBytes() < settings.minFreeBytes();
        } catch (IOException e) {
            return true;
        }
    }

    private void expired(String serial, long fromMicros, long toMicros) {
        for (Expiry e : expiries) {
            try {
                e.expired(serial, fromMicros, toMicros);
            } catch (RuntimeException ex) {
                log.warn("camera {}: could not expire what belongs to its deleted video: {}", serial, ex.toString());
            }
        }
    }

    private interface Batch {
        List<Segment> next();
    }

    private interface Condition {
        boolean test(Segment s);
    }

    private int deleteWhile(Batch batch, Condition condition) throws IOException {
        int removed = 0;
        while (true) {
            List<Segment> oldest = batch.next();
            if (oldest.isEmpty()) {
                return removed;
            }
            for (Segment s : oldest) {
                if (!condition.test(s)) {
                    return removed;
                }
                RecordingMarks marking = marks;
                if (marking != null) {
                    marking.pending(s.cameraSerial(), s.storageKey()); // a crash before the delete: recovery finishes it
                }
                if (index.remove(s.id())) {
                    store.delete(s.storageKey());
                    removed++;
                    deleted++;
                }
                if (marking != null) {
                    marking.done(s.storageKey());
                }
            }
        }
    }

    private void enforceQuietly() {
        try {
            int removed = enforce();
            if (removed > 0) {
                log.info("retention: deleted {} segments past their cameras' age or size limits", removed);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("retention run failed: {}", e.toString());
        }
    }

    /** Lets a run in progress finish (a deletion is never cut between row and file), then stops. */
    @Override
    public void close() {
        if (timer != null) {
            timer.shutdown();
            try {
                timer.awaitTermination(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
