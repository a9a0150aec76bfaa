package camcloud.cloud.video;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timeline of every camera of this node, kept in memory across the camera's reconnects (a few
 * dozen bytes per camera) and, with a {@link TimelineStore}, across node restarts: the anchors are
 * loaded at start and every new anchor is saved in the background, in order.
 */
public final class CameraTimelines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CameraTimelines.class);

    private final ConcurrentHashMap<String, CameraTimeline> timelines = new ConcurrentHashMap<>();
    private final long futureToleranceMicros;
    private final long gapMicros;
    private final TimelineStore store;
    private final ExecutorService saver;
    private volatile boolean shared;

    /** Timelines kept in memory only. */
    public CameraTimelines(long futureToleranceMicros, long gapMicros) {
        this(futureToleranceMicros, gapMicros, null);
    }

    /**
     * Timelines restored from {@code store}, whose new anchors are saved there by one background
     * thread (so saves of one camera land in order).
     */
    public CameraTimelines(long futureToleranceMicros, long gapMicros, TimelineStore store) {
        this.futureToleranceMicros = futureToleranceMicros;
        this.gapMicros = gapMicros;
        this.store = store;
        this.saver = store == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "timeline-saver");
            t.setDaemon(true);
            return t;
        });
        new CameraTimeline(futureToleranceMicros, gapMicros); // fail fast on bad values
        if (store != null) {
            store.loadAll().forEach((serial, saved) -> of(serial).restore(saved.bootId(), saved.anchorCloudMicros(),
                    saved.anchorMonoMicros(), saved.lastSequence(), saved.lastEndMicros()));
        }
    }

    public CameraTimeline of(String serial) {
        return timelines.computeIfAbsent(serial, s -> new CameraTimeline(futureToleranceMicros, gapMicros,
                store == null ? CameraTimeline.AnchorListener.NONE : (boot, cloud, mono) -> save(s, boot, cloud, mono)));
    }

    /**
     * Takes the camera's timeline as the store has it now (blocking: call off the event loop, before
     * the camera's session starts). Several nodes share the store: the camera may have been on
     * another node since it was here, and may have restarted there; this node's memory of it would
     * place its video against an old boot and list a restart that never happened here. A single node
     * has nothing newer in the store than in memory, and skips the read.
     */
    public void refresh(String serial) {
        if (store == null || !shared) {
            return;
        }
        store.load(serial).ifPresent(saved -> of(serial).restore(saved.bootId(), saved.anchorCloudMicros(),
                saved.anchorMonoMicros(), saved.lastSequence(), saved.lastEndMicros()));
    }

    /** Other nodes write the same store: {@link #refresh} reads it at each connection. */
    public CameraTimelines shared() {
        this.shared = true;
        return this;
    }

    private void save(String serial, long boot, long cloud, long mono) {
        try {
            saver.execute(() -> {
                try {
                    store.save(serial, boot, cloud, mono);
                } catch (RuntimeException e) {
                    log.warn("camera {}: could not save its timeline anchor: {}", serial, e.toString());
                }
            });
        } catch (RuntimeException e) {
            log.warn("camera {}: could not queue its timeline anchor: {}", serial, e.toString());
        }
    }

    public long gapMicros() {
        return gapMicros;
    }

    /** Saves the anchors still queued, then stops the saving thread. */
    @Override
    public void close() {
        if (saver != null) {
            saver.shutdown();
            try {
                saver.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
