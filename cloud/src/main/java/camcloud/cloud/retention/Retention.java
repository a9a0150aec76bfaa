package camcloud.cloud.retention;

import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.recording.StorageRoom;
import camcloud.cloud.storage.VideoStore;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes old video, oldest first: per camera by age and by total bytes (the camera's
 * {@code recording_settings} or the node's defaults), and node-wide when the store reaches its cap or
 * the medium its minimum free space ({@link #ensureRoom}, asked by the recorder before every segment
 * and after a failed write). The index row goes before the file, so a crash in between leaves an
 * orphan file that start-up recovery deletes — never a row without its file.
 *
 * <p>Thread-safe (one deletion at a time); runs every {@code checkSeconds} on its own thread.
 */
public final class Retention implements StorageRoom, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Retention.class);
    private static final int BATCH = 64;

    private final VideoStore store;
    private final SegmentIndex index;
    private final RecordingPolicies policies;
    private final RetentionSettings settings;
    private ScheduledExecutorService timer;
    private long deleted;

    public Retention(VideoStore store, SegmentIndex index, RecordingPolicies policies, RetentionSettings settings) {
        this.store = store;
        this.index = index;
        this.policies = policies;
        this.settings = settings;
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

    /** Applies every camera's age and size limits, then the node's; returns segments deleted. */
    public synchronized int enforce() throws IOException {
        int removed = 0;
        long nowMicros = System.currentTimeMillis() * 1000;
        for (String serial : index.cameras()) {
            RecordingPolicies.Policy policy = policies.of(serial);
            int days = policy.retentionDays().orElse(settings.days());
            long bytes = policy.retentionBytes().orElse(settings.bytesPerCamera());
            if (days > 0) {
                long cutoff = nowMicros - days * 86_400_000_000L;
                removed += deleteWhile(() -> index.oldest(serial, BATCH), s -> s.endMicros() <= cutoff);
                index.removeGapsBefore(serial, cutoff);
            }
            if (bytes > 0) {
                long[] total = {index.totalBytes(serial)};
                removed += deleteWhile(() -> index.oldest(serial, BATCH), s -> {
                    if (total[0] <= bytes) {
                        return false;
                    }
                    total[0] -= s.sizeBytes();
                    return true;
                });
            }
        }
        ensureRoom();
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
            int removed = deleteWhile(() -> index.oldestOverall(BATCH), s -> full());
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
                if (index.remove(s.id())) {
                    store.delete(s.storageKey());
                    removed++;
                    deleted++;
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
