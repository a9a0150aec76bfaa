package camcloud.device.analytics;

import camcloud.device.video.RawPicture;
import camcloud.device.video.RawPictureListener;
import camcloud.device.video.VideoFrame;
import camcloud.protocol.v1.CameraEvent;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's analytics on raw pictures: {@link MotionDetector}, {@link SoundDetector} and
 * {@link DayNightSwitch} look at every picture on the clock thread; what they detect becomes
 * {@link CameraEvent}s for an {@link EventSink}, each START with a JPEG {@link Snapshot} of the
 * picture it started on.
 *
 * <pre>
 * clock thread: RawPicture ─► detectors ─► START: copy picture (≤ 640 wide) ──┐
 *                                          END ───────────────────────────────┤ in order
 * snapshot executor (shared):                      encode JPEG, sink.event ◄──┘
 * </pre>
 *
 * <p>Snapshots are bounded: at most {@value #MAX_PENDING_SNAPSHOTS} copies wait for the encoder; a
 * START beyond that goes without a snapshot (counted in {@link #snapshotsSkipped()}), so a burst of
 * events never piles pictures up in a camera's small RAM.
 *
 * <p>Settings ({@link #settings(DetectionSettings)}) may change from any thread; the clock thread
 * takes the new ones at its next picture. {@link #onActivity} tells whether a motion or sound event
 * is open (what event-only recording records); a day/night switch is an instant and opens nothing.
 */
public final class CameraAnalytics implements RawPictureListener {

    static final int MAX_PENDING_SNAPSHOTS = 2;
    private static final Logger log = LoggerFactory.getLogger(CameraAnalytics.class);

    private final String eventIdPrefix;
    private final EventSink sink;
    private final SerialExecutor events;
    private final MotionDetector motion = new MotionDetector();
    private final SoundDetector sound = new SoundDetector();
    private final DayNightSwitch dayNight;
    private final CodedSizeMotion codedSize = new CodedSizeMotion();
    private final List<Consumer<Boolean>> activityListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<Boolean>> dayNightListeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger pendingSnapshots = new AtomicInteger();
    private final AtomicLong snapshotsSkipped = new AtomicLong();
    private final AtomicLong eventCounter = new AtomicLong();
    private volatile DetectionSettings settings = DetectionSettings.DEFAULTS;
    private String motionEventId;
    private String soundEventId;
    private volatile boolean activity;

    /**
     * @param eventIdPrefix unique per power-on (event ids are {@code PREFIX-N})
     * @param nightHardware switches the camera's night hardware (true: night)
     * @param snapshots     where JPEGs are encoded and events handed to the sink; shared by cameras
     *                      ({@code Runnable::run} in tests: all on the caller)
     */
    public CameraAnalytics(String eventIdPrefix, Consumer<Boolean> nightHardware, Executor snapshots, EventSink sink) {
        this.eventIdPrefix = Objects.requireNonNull(eventIdPrefix, "eventIdPrefix");
        this.dayNight = new DayNightSwitch(nightHardware);
        this.events = new SerialExecutor(snapshots);
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Takes new settings; the clock thread uses them from its next picture. */
    public void settings(DetectionSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public DetectionSettings settings() {
        return settings;
    }

    /** Whether the camera is in night mode. */
    public boolean night() {
        return dayNight.night();
    }

    /**
     * Calls {@code listener} (on the clock thread) with true when the first motion or sound event
     * opens and false when the last one closes; returns what removes it.
     */
    public Runnable onActivity(Consumer<Boolean> listener) {
        activityListeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> activityListeners.remove(listener);
    }

    /** Calls {@code listener} (on the clock thread) after every day/night switch: true for night. */
    public Runnable onDayNight(Consumer<Boolean> listener) {
        dayNightListeners.add(Objects.requireNonNull(listener, "listener"));
        return () -> dayNightListeners.remove(listener);
    }

    /**
     * One daemon thread per process that encodes every camera's snapshots (a fleet's cameras share
     * it; each camera's own events stay in order, see {@link SerialExecutor}).
     */
    public static Executor sharedSnapshotThread() {
        return SharedSnapshotThread.EXECUTOR;
    }

    private static final class SharedSnapshotThread {
        static final Executor EXECUTOR = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "camcloud-snapshots");
            t.setDaemon(true);
            return t;
        });
    }

    /** Whether a motion or sound event is open now. */
    public boolean active() {
        return activity;
    }

    /** START events sent without a snapshot because the encoder was behind. */
    public long snapshotsSkipped() {
        return snapshotsSkipped.get();
    }

    @Override
    public void onRawPicture(RawPicture picture) {
        DetectionSettings s = settings;
        Detection m = motion.observe(picture, s);
        if (m != null) {
            motionEventId = report(m, picture, motionEventId);
        }
        Detection a = sound.observe(picture, s);
        if (a != null) {
            soundEventId = report(a, picture, soundEventId);
        }
        Detection d = dayNight.observe(picture, s.dayNight());
        if (d != null) {
            report(d, picture, null);
            notify(dayNightListeners, analyticsNight());
        }
        updateActivity(motion.active() || sound.active());
    }

    private void updateActivity(boolean nowActive) {
        if (nowActive != activity) {
            activity = nowActive;
            notify(activityListeners, nowActive);
        }
    }

    private boolean analyticsNight() {
        return dayNight.night();
    }

    private static void notify(List<Consumer<Boolean>> listeners, boolean value) {
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(value);
            } catch (RuntimeException e) {
                log.warn("analytics listener failed: {}", e.toString());
            }
        }
    }

    /**
     * For a source without raw pictures (a file): motion estimated from the encoded frame's size
     * ({@link CodedSizeMotion}); its events carry no snapshot. Call on the clock thread, for every
     * frame, instead of {@link #onRawPicture}.
     */
    public void onEncodedFrame(VideoFrame frame) {
        Detection m = codedSize.observe(frame, settings);
        if (m != null) {
            motionEventId = report(m, null, motionEventId);
        }
        updateActivity(codedSize.active());
    }

    /** Sends what {@code detection} says; returns the id of the event left open (null when none). */
    private String report(Detection detection, RawPicture picture, String openId) {
        switch (detection.phase()) {
            case START -> {
                String id = nextId();
                start(id, detection, picture);
                return id;
            }
            case END -> {
                if (openId != null) {
                    CameraEvent end = message(openId, detection, CameraEvent.Phase.PHASE_END).build();
                    events.execute(() -> sink.event(end, new byte[0]));
                }
                return null;
            }
            default -> {
                String id = nextId();
                start(id, detection, picture);
                CameraEvent end = message(id, detection, CameraEvent.Phase.PHASE_END).build();
                events.execute(() -> sink.event(end, new byte[0]));
                return null;
            }
        }
    }

    private void start(String id, Detection detection, RawPicture picture) {
        CameraEvent.Builder start = message(id, detection, CameraEvent.Phase.PHASE_START);
        if (picture == null) {
            CameraEvent bare = start.build();
            events.execute(() -> sink.event(bare, new byte[0]));
            return;
        }
        if (pendingSnapshots.incrementAndGet() > MAX_PENDING_SNAPSHOTS) {
            pendingSnapshots.decrementAndGet();
            snapshotsSkipped.incrementAndGet();
            CameraEvent bare = start.build();
            events.execute(() -> sink.event(bare, new byte[0]));
            return;
        }
        Snapshot copy = Snapshot.of(picture);
        events.execute(() -> {
            byte[] jpeg;
            try {
                jpeg = copy.jpeg();
            } catch (RuntimeException e) {
                log.warn("snapshot of event {} failed: {}", id, e.toString());
                jpeg = new byte[0];
            } finally {
                pendingSnapshots.decrementAndGet();
            }
            if (jpeg.length > 0) {
                start.setSnapshotType("image/jpeg");
            }
            sink.event(start.build(), jpeg);
        });
    }

    private String nextId() {
        return eventIdPrefix + "-" + eventCounter.incrementAndGet();
    }

    private static CameraEvent.Builder message(String id, Detection d, CameraEvent.Phase phase) {
        CameraEvent.Builder b = CameraEvent.newBuilder()
                .setEventId(id)
                .setPhase(phase)
                .setType(d.type())
                .setZone(d.zone())
                .setStartMonotonicUs(d.startMicros())
                .setStartWallMs(d.startWallMillis())
                .setScore(d.score())
                .putAllDetails(d.details());
        if (phase == CameraEvent.Phase.PHASE_END) {
            b.setEndMonotonicUs(d.endMicros()).setEndWallMs(d.endWallMillis());
        }
        return b;
    }
}
