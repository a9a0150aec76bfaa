package camcloud.cloud.ingest;

import camcloud.cloud.db.Database;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.gateway.GatewayServer;
import camcloud.cloud.gateway.GatewaySettings;
import camcloud.cloud.operator.OperatorToken;
import camcloud.cloud.pki.PlatformCa;
import camcloud.cloud.recording.Recorder;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.RecordingRecovery;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.retention.Retention;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.cloud.storage.LocalObjectStore;
import camcloud.cloud.storage.ObjectStore;
import camcloud.cloud.video.CameraTimelines;
import camcloud.cloud.video.TimelineStore;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoFanOut;
import camcloud.cloud.video.VideoSink;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import camcloud.cloud.ownership.Ownerships;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cloud node's gateway and recording parts on loopback — real TLS, real SQLite file, real segment
 * files — with a scripted arrival clock, so tests place video in time without waiting for it. (The
 * HTTP API is left out; {@code CloudServer} wiring is tested by the real-clock test and the crash
 * test.)
 */
public final class RecordingNode implements AutoCloseable {

    /** Scripted cloud time, epoch microseconds; units arriving are stamped with it. */
    public final AtomicLong clock = new AtomicLong(System.currentTimeMillis() * 1000);

    /** Units the gateway has placed and handed on (so a script can wait for each before moving the clock). */
    private final AtomicLong unitsSeen = new AtomicLong();
    private final Path dir;
    private final RecorderSettings recorderSettings;
    private final RetentionSettings retentionSettings;
    private final MediaLimits limits;
    private Database db;
    private ExecutorService blocking;
    private GatewayServer gateway;
    private LocalObjectStore store;
    private SegmentIndex index;
    private RecordingPolicies policies;
    private Retention retention;
    private Recorder recorder;
    private CameraTimelines timelines;
    private String token;
    private int port;
    private int flashes;

    private final java.util.function.UnaryOperator<ObjectStore> storeWrapper;

    private RecordingNode(Path dir, RecorderSettings recorder, RetentionSettings retention, MediaLimits limits,
                          java.util.function.UnaryOperator<ObjectStore> storeWrapper) {
        this.dir = dir;
        this.storeWrapper = storeWrapper;
        this.recorderSettings = recorder;
        this.retentionSettings = retention;
        this.limits = limits;
    }

    /** Short segments (1 s), a short reconnect grace (300 ms), no storage limits. */
    public static RecordingNode start(Path dir) throws Exception {
        return start(dir, RecorderSettings.DEFAULT.withSegmentMicros(1_000_000).withReconnectGraceMillis(300),
                new RetentionSettings(0, 0, 0, 0, 3600), MediaLimits.DEFAULT);
    }

    public static RecordingNode start(Path dir, RecorderSettings recorder, RetentionSettings retention,
                                      MediaLimits limits) throws Exception {
        return start(dir, recorder, retention, limits, store -> store);
    }

    /** As above, the recorder and retention writing through {@code storeWrapper} (tests fail writes). */
    public static RecordingNode start(Path dir, RecorderSettings recorder, RetentionSettings retention,
                                      MediaLimits limits, java.util.function.UnaryOperator<ObjectStore> storeWrapper)
            throws Exception {
        RecordingNode node = new RecordingNode(dir, recorder, retention, limits, storeWrapper);
        node.startParts(0);
        return node;
    }

    private void startParts(int gatewayPort) throws Exception {
        Path data = dir.resolve("data");
        db = Database.openSqlite(data.resolve("camcloud.db"));
        DeviceStore devices = new DeviceStore(db);
        token = OperatorToken.loadOrCreate(data);
        PlatformCa ca = PlatformCa.loadOrCreate(data.resolve("pki"), List.of("127.0.0.1", "localhost"));
        blocking = Executors.newFixedThreadPool(2);
        store = new LocalObjectStore(data.resolve("video"));
        ObjectStore wrapped = storeWrapper.apply(store);
        index = new SegmentIndex(db);
        RecordingRecovery.run(wrapped, index);
        policies = new RecordingPolicies(db);
        retention = new Retention(wrapped, index, policies, new Ownerships(db, Clock.systemUTC()), retentionSettings);
        recorder = new Recorder(wrapped, index, policies, retention, recorderSettings);
        IngestServices media = new IngestServices(new VideoFanOut(List.of(recorder, this::countingSink)),
                timelines = new CameraTimelines(1_000_000, recorderSettings.gapMicros(), new TimelineStore(db)),
                limits, clock::get);
        gateway = new GatewayServer(GatewaySettings.DEFAULT, devices, new Presence(), ca, token, blocking, media);
        port = gateway.start("127.0.0.1", gatewayPort);
    }

    /** Stops everything gracefully (open segments are committed) and starts again on the same data. */
    public void restart() throws Exception {
        stopParts();
        startParts(port);
    }

    /** Provisions a camera and returns its identity. */
    public CameraIdentity provision() throws IOException {
        Path flash = dir.resolve("camera-" + (++flashes) + ".flash");
        FactoryProvisioner.provision(flash, CameraModels.builtIn().all().get(0),
                new CameraConfig("127.0.0.1", port, Map.of()), token);
        try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
            return f.identity();
        }
    }

    public ScriptedCamera connect(CameraIdentity identity, long bootId) throws IOException {
        return ScriptedCamera.connect(this, identity, bootId);
    }

    public int port() {
        return port;
    }

    public Path videoDir() {
        return store.root();
    }

    public LocalObjectStore store() {
        return store;
    }

    public SegmentIndex index() {
        return index;
    }

    public RecordingPolicies policies() {
        return policies;
    }

    public Retention retention() {
        return retention;
    }

    public Recorder recorder() {
        return recorder;
    }

    /** All segments of a camera, in time order. */
    public List<Segment> segments(String serial) {
        return index.segments(serial, Long.MIN_VALUE / 2, Long.MAX_VALUE / 2);
    }

    /** Waits until the recorder threads have handled every unit handed to them. */
    public void awaitRecorderIdle() throws InterruptedException {
        long end = System.nanoTime() + 10_000_000_000L;
        while (recorder.unitsQueued() > 0 && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        org.assertj.core.api.Assertions.assertThat(recorder.unitsQueued()).as("units still queued").isZero();
    }

    public long unitsSeen() {
        return unitsSeen.get();
    }

    private VideoSink countingSink(String serial, long bootId, PersistedAcks acks) {
        return new VideoSink() {
            @Override
            public void format(StreamFormat format) {
            }

            @Override
            public void unit(TimedUnit unit) {
                unitsSeen.incrementAndGet();
            }

            @Override
            public void gap(long fromMicros, long toMicros, String reason) {
            }

            @Override
            public void closed() {
            }
        };
    }

    /** Asserts that every row names an existing file, every file has a row, and no unfinished write is left. */
    public void assertIndexAgreesWithFiles() throws IOException {
        java.util.Set<String> rows = new java.util.HashSet<>(index.storageKeys().keySet());
        java.util.Set<String> files = new java.util.HashSet<>(store.keys());
        org.assertj.core.api.Assertions.assertThat(files).isEqualTo(rows);
        try (java.util.stream.Stream<Path> all = java.nio.file.Files.walk(store.root())) {
            org.assertj.core.api.Assertions.assertThat(all.map(Path::toString).filter(p -> p.endsWith(".part")))
                    .isEmpty();
        }
    }

    /** Advances the scripted clock. */
    public void advance(Duration d) {
        clock.addAndGet(d.toNanos() / 1000);
    }

    private void stopParts() {
        gateway.close();
        recorder.close();
        timelines.close();
        retention.close();
        blocking.shutdownNow();
        db.close();
    }

    @Override
    public void close() {
        stopParts();
    }
}
