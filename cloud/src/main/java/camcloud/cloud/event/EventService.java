package camcloud.cloud.event;

import camcloud.cloud.db.Database;
import camcloud.cloud.retention.Retention;
import camcloud.cloud.storage.ObjectStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's events: what cameras report is stored here ({@link EventStore} rows, snapshots in their
 * own {@link ObjectStore}), read back for the HTTP API, deleted with the video of the same period, and
 * told to listeners after each commit.
 *
 * <pre>{@code
 * EventService events = EventService.open(db, new LocalObjectStore(data.resolve("snapshots")));
 * Runnable stop = events.onEvent((event, ended) -> push(event));   // on the service's thread
 * }</pre>
 *
 * <p>Intake ({@link #started}, {@link #ended}) blocks on the database: the gateway runs it on its
 * blocking executor through {@link #inOrder}, which keeps one camera's frames in the order they came
 * (an END never overtakes its START). Listeners are called on one thread of this service, in commit
 * order, never on an event loop; a listener that throws is logged and the others still hear.
 */
public final class EventService implements MeterBinder, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EventService.class);
    /** Events waiting for the listeners' thread; beyond, news of an event is dropped (and counted). */
    private static final int LISTENER_QUEUE = 10_000;

    /** What one START or END did. */
    public enum Outcome {
        /** Stored now: listeners hear of it. */
        STORED,
        /** The camera sent it before and it is stored: acknowledge again, nothing changes. */
        DUPLICATE,
        /** An END whose START this cloud never stored. */
        NO_START
    }

    private final EventStore store;
    private final ObjectStore snapshots;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService notifier;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> chains = new ConcurrentHashMap<>();
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong droppedNews = new AtomicLong();

    EventService(EventStore store, ObjectStore snapshots) {
        this.store = store;
        this.snapshots = snapshots;
        this.notifier = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(LISTENER_QUEUE),
                r -> {
                    Thread t = new Thread(r, "event-listeners");
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * The node's event service on {@code db}, snapshots in {@code snapshots}; deletes snapshot objects
     * no row names (a crash between writing a snapshot and committing its row).
     */
    public static EventService open(Database db, ObjectStore snapshots) throws IOException {
        EventService service = new EventService(new EventStore(db), snapshots);
        service.recover();
        return service;
    }

    /** Adds a listener, told of every event after it is committed; returns what removes it. */
    public Runnable onEvent(EventListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /**
     * Runs {@code task} on {@code executor} after every task given before for the same camera: one
     * camera's event frames are stored in the order they arrived, across its connections.
     */
    public CompletableFuture<Void> inOrder(String serial, Runnable task, Executor executor) {
        CompletableFuture<Void>[] mine = new CompletableFuture[1];
        chains.compute(serial, (k, tail) -> {
            CompletableFuture<Void> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
            mine[0] = before.handle((v, e) -> null).thenRunAsync(task, executor);
            return mine[0];
        });
        mine[0].whenComplete((v, e) -> chains.remove(serial, mine[0]));
        return mine[0];
    }

    /**
     * A camera's START: stores the snapshot (when there is one) and then the row. Idempotent by the
     * camera's event id. Blocking.
     */
    public Outcome started(String serial, String cameraEventId, String type, String zone, long startMicros,
                           float score, Map<String, String> details, byte[] snapshot) throws IOException {
        if (store.byCameraEventId(serial, cameraEventId).isPresent()) {
            return Outcome.DUPLICATE;
        }
        String publicId = EventStore.newPublicId();
        String key = snapshot == null ? null : snapshotKey(serial, startMicros, publicId);
        if (key != null) {
            try (ObjectStore.PendingObject o = snapshots.create(key)) {
                o.stream().write(snapshot);
                o.commit();
            }
        }
        boolean inserted;
        try {
            inserted = store.insertStart(publicId, serial, cameraEventId, type, zone.isEmpty() ? null : zone,
                    startMicros, score, details, key);
        } catch (RuntimeException e) {
            deleteSnapshot(key);
            throw e;
        }
        if (!inserted) { // another connection of the camera stored it meanwhile
            deleteSnapshot(key);
            return Outcome.DUPLICATE;
        }
        stored.incrementAndGet();
        store.byPublicId(publicId).ifPresent(row -> tell(row.event(), false));
        return Outcome.STORED;
    }

    /** A camera's END. Idempotent: a second END changes nothing. Blocking. */
    public Outcome ended(String serial, String cameraEventId, long endMicros, float score,
                         Map<String, String> details) {
        EventStore.Ended result = store.end(serial, cameraEventId, endMicros, score, details);
        switch (result) {
            case ENDED -> {
                store.byCameraEventId(serial, cameraEventId).ifPresent(row -> tell(row.event(), true));
                return Outcome.STORED;
            }
            case ALREADY_ENDED -> {
                return Outcome.DUPLICATE;
            }
            default -> {
                return Outcome.NO_START;
            }
        }
    }

    /** Counts an event frame refused before it reached the store. */
    public void refusedOne() {
        refused.incrementAndGet();
    }

    /** The event with the public id, if there is one. */
    public Optional<EventStore.Row> byId(String publicId) {
        return store.byPublicId(publicId);
    }

    /** Newest first; see {@link EventStore#page}. */
    public List<EventStore.Row> page(List<EventStore.Visible> cameras, Set<String> types, long fromMicros,
                                     long toMicros, EventStore.Cursor before, int limit) {
        return store.page(cameras, types, fromMicros, toMicros, before, limit);
    }

    /** The JPEG of the event's start; empty when it has none (or it is gone). */
    public Optional<byte[]> snapshot(EventStore.Row row) throws IOException {
        if (row.snapshotKey() == null) {
            return Optional.empty();
        }
        try (InputStream in = snapshots.read(row.snapshotKey(), 0, snapshots.size(row.snapshotKey()))) {
            return Optional.of(in.readAllBytes());
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The camera's video of {@code [fromMicros, toMicros)} is gone for good (retention, or its owner
     * erased it): its events go too, rows first, then their snapshots. Returns how many snapshots.
     */
    public int expire(String serial, long fromMicros, long toMicros) {
        List<String> keys = store.deleteStartedIn(serial, fromMicros, toMicros);
        keys.forEach(this::deleteSnapshot);
        return keys.size();
    }

    /** Every camera that has events. */
    public List<String> cameras() {
        return store.cameras();
    }

    /** What retention tells when video is gone for good: the events of that stretch go with it. */
    public Retention.Expiry expiry() {
        return new Retention.Expiry() {
            @Override
            public void expired(String serial, long fromMicros, long toMicros) {
                expire(serial, fromMicros, toMicros);
            }

            @Override
            public java.util.Collection<String> cameras() {
                return EventService.this.cameras();
            }
        };
    }

    private void recover() throws IOException {
        snapshots.sweepPending();
        Set<String> named = store.snapshotKeys();
        int orphans = 0;
        for (String key : snapshots.keys()) {
            if (!named.contains(key)) {
                snapshots.delete(key);
                orphans++;
            }
        }
        if (orphans > 0) {
            log.warn("events: deleted {} snapshots no event names (a crash before their event was stored)", orphans);
        }
    }

    private void tell(StoredEvent event, boolean ended) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            notifier.execute(() -> {
                for (EventListener l : listeners) {
                    try {
                        l.onEvent(event, ended);
                    } catch (RuntimeException e) {
                        log.warn("event listener failed for event {} of camera {}: {}", event.id(), event.serial(),
                                e.toString());
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            if (droppedNews.getAndIncrement() % 1000 == 0) {
                log.warn("events: listeners are {} events behind; news of event {} dropped ({} so far)",
                        LISTENER_QUEUE, event.id(), droppedNews.get());
            }
        }
    }

    private void deleteSnapshot(String key) {
        if (key == null) {
            return;
        }
        try {
            snapshots.delete(key);
        } catch (IOException e) {
            log.warn("events: could not delete snapshot {}: {}", key, e.toString());
        }
    }

    /** {@code SERIAL/YYYY-MM-DD/ID.jpg}: the storage contract's safe characters, a folder per day. */
    static String snapshotKey(String serial, long startMicros, String publicId) {
        String day = Instant.ofEpochMilli(Math.max(0, startMicros / 1000)).atZone(ZoneOffset.UTC).toLocalDate()
                .toString();
        return serial.replaceAll("[^A-Za-z0-9._-]", "_") + "/" + day + "/" + publicId + ".jpg";
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        FunctionCounter.builder("camcloud.events.stored", stored, AtomicLong::get)
                .description("event STARTs and ENDs stored (resent ones not counted)").register(registry);
        FunctionCounter.builder("camcloud.events.refused", refused, AtomicLong::get)
                .description("event frames refused (bad strings or numbers, END without START)").register(registry);
        FunctionCounter.builder("camcloud.events.listener.dropped", droppedNews, AtomicLong::get)
                .description("events listeners did not hear of because they were too far behind").register(registry);
    }

    public long storedCount() {
        return stored.get();
    }

    public long refusedCount() {
        return refused.get();
    }

    @Override
    public void close() {
        notifier.shutdown();
        try {
            notifier.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
