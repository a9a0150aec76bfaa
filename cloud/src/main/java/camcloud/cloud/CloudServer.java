package camcloud.cloud;

import camcloud.cloud.api.ApiSettings;
import camcloud.cloud.api.HttpApi;
import camcloud.cloud.api.VideoServices;
import camcloud.cloud.cluster.ClusterNode;
import camcloud.cloud.cluster.PushRelay;
import camcloud.cloud.account.Sessions;
import camcloud.cloud.cluster.NodeAddress;
import camcloud.cloud.cluster.relay.AnyLiveDemand;
import camcloud.cloud.cluster.relay.LiveRelays;
import camcloud.cloud.cluster.relay.NodeTls;
import camcloud.cloud.cluster.relay.RelayRoutes;
import camcloud.cloud.cluster.relay.RelaySource;
import camcloud.cloud.config.CloudConfig;
import camcloud.cloud.control.CameraControl;
import camcloud.cloud.db.Database;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.device.SightingFlusher;
import camcloud.cloud.event.EventService;
import camcloud.cloud.event.LatestKeyframes;
import camcloud.cloud.event.LatestPictures;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.gateway.GatewayServer;
import camcloud.cloud.gateway.GatewaySettings;
import camcloud.cloud.gateway.GatewayStats;
import camcloud.cloud.health.DatabaseCheck;
import camcloud.cloud.health.DiskSpaceCheck;
import camcloud.cloud.health.RecorderBacklogCheck;
import camcloud.cloud.health.HealthChecks;
import camcloud.cloud.health.StoreCheck;
import camcloud.cloud.ingest.IngestServices;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.metrics.NodeMeters;
import camcloud.cloud.metrics.NodeMetrics;
import camcloud.cloud.notify.NotificationService;
import camcloud.cloud.operator.OperatorToken;
import camcloud.cloud.ownership.AccessControl;
import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.ownership.Shares;
import camcloud.cloud.pki.PlatformCa;
import camcloud.cloud.push.PagePush;
import camcloud.cloud.push.PushHub;
import camcloud.cloud.recording.Recorder;
import camcloud.cloud.recording.RecordingMarks;
import camcloud.cloud.recording.RecordingPolicies;
import camcloud.cloud.recording.RecordingRecovery;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.retention.Retention;
import camcloud.cloud.rollout.CameraHealth;
import camcloud.cloud.rollout.RolloutDriver;
import camcloud.cloud.rollout.Rollouts;
import camcloud.cloud.tag.CameraTags;
import camcloud.cloud.storage.LocalObjectStore;
import camcloud.cloud.storage.NodeStorage;
import camcloud.cloud.storage.ObjectStore;
import camcloud.cloud.storage.ObjectStores;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import camcloud.cloud.video.CameraTimelines;
import camcloud.cloud.video.TimelineStore;
import camcloud.cloud.video.VideoFanOut;
import camcloud.cloud.work.BlockingPool;
import camcloud.cloud.work.EventLoopGuard;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One cloud node: database, platform CA, camera gateway and HTTP API, started in that order and
 * stopped in reverse. Everything it needs is in {@link CloudConfig}; on first start it creates the
 * database, the platform CA and the operator token in the data directory.
 */
public final class CloudServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CloudServer.class);
    /** A unit may sit this far past its arrival on a camera's timeline (network and clock jitter). */
    private static final long FUTURE_TOLERANCE_MICROS = 1_000_000;

    private final CloudConfig config;
    private Database db;
    /** Database and store work off the event loops; a full pool refuses (counted), never runs on the caller. */
    private BlockingPool blocking;
    /** Every meter of the node ({@code GET /metrics}); parts take {@code metrics.registry()}. */
    private final NodeMetrics metrics = new NodeMetrics();
    /** What {@code GET /health} asks; parts register their checks. */
    private final HealthChecks health = new HealthChecks();
    private SightingFlusher flusher;
    private GatewayServer gateway;
    private HttpApi http;
    private String operatorToken;
    private PlatformCa ca;
    private final Presence presence = new Presence();
    private DeviceStore devices;
    /** Live video to viewers; the gateway's video fan-out feeds it as one of its hubs. */
    private final LiveHub liveHub = new LiveHub();
    /** Segments, snapshots and firmware bundles: local directories or one S3 bucket ({@code storage.url}). */
    private NodeStorage storage;
    private ObjectStore videoStore;
    private Retention retention;
    private Recorder recorder;
    private CameraTimelines timelines;
    private FirmwareService firmware;
    private Ownerships ownerships;
    /** Events cameras report, their snapshots, and who hears of them. */
    private EventService events;
    /** Each camera's newest keyframe (a video hub beside the recorder and live), for its latest picture. */
    private final LatestKeyframes keyframes = new LatestKeyframes(LatestKeyframes.DEFAULT_BUDGET);
    private LatestPictures pictures;
    /** The open pages' push streams; what other parts push to users through ({@link #pagePush()}). */
    private PushHub push;
    /** This node among the others on the same database: directory, bus, what goes between nodes. */
    private ClusterNode cluster;
    /** Pushes to pages on this node and, through the cluster, on the others. */
    private PushRelay pushes;
    private CameraControl control;
    private NotificationService notifications;
    /** This node's cameras relayed to viewers on other nodes (a video hub beside the live hub). */
    private final RelaySource relaySource = new RelaySource(presence::isOnline);
    /** Other nodes' cameras relayed to viewers here, into the live hub. */
    private LiveRelays liveRelays;
    /** Firmware rollouts; the driver runs on every node, drives only while it holds the lease. */
    private Rollouts rollouts;
    private RolloutDriver rolloutDriver;

    private CloudServer(CloudConfig config) {
        this.config = config;
    }

    /** Starts a node; on failure, whatever had started is stopped again. */
    public static CloudServer start(CloudConfig config) throws IOException {
        CloudServer server = new CloudServer(config);
        try {
            server.startParts();
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
            throw new IOException("interrupted while starting", e);
        }
    }

    private void startParts() throws IOException, InterruptedException {
        Path data = config.dataDir();
        db = Database.open(config.database(), data, metrics.registry());
        devices = new DeviceStore(db);
        ownerships = new Ownerships(db, Clock.systemUTC());
        cluster = ClusterNode.open(config.cluster(), config.database(), db, presence);
        operatorToken = OperatorToken.loadOrCreate(data);
        ca = PlatformCa.loadOrCreate(data.resolve("pki"), config.gatewayNames());
        blocking = new BlockingPool("cloud-blocking", BlockingPool.DEFAULT_THREADS, BlockingPool.DEFAULT_QUEUE);
        storage = ObjectStores.open(config.storage(), data, metrics.registry());
        cluster.carryOwnerChanges(ownerships, blocking);
        presence.onChange((serial, online) -> {
            if (!online) {
                relaySource.left(serial);
            }
        });
        ApiSettings apiSettings = config.http().applyTo(ApiSettings.defaults(operatorToken, config.secureCookies()));
        startEvents(data, apiSettings);
        GatewaySettings gatewaySettings = GatewaySettings.DEFAULT.withHeartbeatInterval(config.heartbeatInterval())
                .withStrangers(config.strangers()).withTlsProvider(config.gatewayTls());
        flusher = new SightingFlusher(presence, devices, Math.max(1000, gatewaySettings.heartbeatInterval().toMillis() * 3));
        videoStore = storage.video();
        IngestServices media = startRecording();
        firmware = FirmwareService.open(data, storage.firmware(), db, this::firmwareDownloadBase);
        control = new CameraControl(db, presence, apiSettings.commandTimeout(), Clock.systemUTC(), blocking);
        control.follow(ownerships);
        cluster.carryFirmwareTargets(firmware);
        gateway = new GatewayServer(gatewaySettings, devices, presence, ca, operatorToken, blocking, media, firmware,
                events, control.settings());
        notifications = NotificationService.open(db, devices, config.notifications().notifications(),
                config.notifications().webhooks(), pushes, Clock.systemUTC());
        presence.onChange(notifications.notifier());
        events.onEvent(notifications.notifier());
        gateway.start(config.bindHost(), config.gatewayPort());
        startOperations(data);
        CameraTags tags = new CameraTags(db);
        rollouts = new Rollouts(db, firmware, camcloud.firmware.model.CameraModels.builtIn(), Clock.systemUTC());
        http = new HttpApi(db, devices, presence, apiSettings,
                new VideoServices(liveHub, new SegmentIndex(db), videoStore, recorder, ownerships, retention))
                .withFirmware(firmware, devices, presence, apiSettings)
                .withProvisioning(new camcloud.cloud.provisioning.Registrar(ca, devices, firmware), apiSettings)
                .withRollouts(rollouts, tags, apiSettings)
                .withControl(control)
                .withNotifications(notifications)
                .withCameraHttps(ca, config.cameraHttpsPort())
                .withEvents(events, pictures, push)
                .withNodeRoutes(new RelayRoutes(relaySource))
                .withOperations(metrics, health, operatorToken)
                .start(config.bindHost(), config.httpPort());
        cluster.join(config.gatewayNames(), http.cameraHttpsPort(), http.port(), control.commands());
        rolloutDriver = rollouts.driver(cluster.nodeId(), new CameraHealth(
                java.time.Duration.ofNanos(config.recording().recorder().segmentMicros() * 1000)),
                serial -> presence.get(serial).map(c -> c.firmwareVersion()).filter(v -> !v.isEmpty())).start();
        // viewers here of cameras on other nodes: relayed from there (the directory says where)
        liveRelays = new LiveRelays(liveHub, NodeTls.issue(ca, cluster.nodeId()), cluster.locator(), presence::isOnline,
                blocking);
        log.info("cloud node up: data in {}, HTTP on port {}, camera gateway on port {}, camera HTTPS on port {}",
                data.toAbsolutePath(), http.port(), gateway.port(), http.cameraHttpsPort());
        log.info("operator token is in {} (mode 600)", data.resolve(OperatorToken.FILE_NAME).toAbsolutePath());
    }

    /**
     * Events, snapshots and the pages' push stream, before the gateway and the HTTP API: events are
     * pushed to the pages of those who may see them, and so are cameras going online and offline.
     */
    private void startEvents(Path data, ApiSettings api) throws IOException {
        events = EventService.open(db, storage.snapshots());
        pictures = new LatestPictures(keyframes, 2, 32, 3000);
        Sessions sessions = new Sessions(db, api.clock(), api.sessionLifetime());
        push = new PushHub((token, userId) -> sessions.user(token).map(u -> u.id() == userId).orElse(false),
                new AccessControl(devices, ownerships, new Shares(db)), db);
        pushes = cluster.pushThrough(push); // cameras' online/offline too, once the node joins
        events.onEvent(pushes);
    }

    /**
     * Recording, before any camera connects: index and files made to agree after a crash, retention,
     * the recorder; cameras' video goes to the recorder (it acknowledges) and the live hub.
     */
    private IngestServices startRecording() throws IOException {
        SegmentIndex index = new SegmentIndex(db);
        RecordingMarks marks = new RecordingMarks(db, cluster.nodeId());
        RecordingRecovery.run(videoStore, index, marks, videoStore instanceof LocalObjectStore);
        RecordingPolicies policies = new RecordingPolicies(db);
        retention = new Retention(videoStore, index, policies, ownerships, config.recording().retention());
        retention.markDeletes(marks);
        retention.onExpired(events.expiry()); // events and snapshots go with the video of their period
        retention.start();
        recorder = new Recorder(videoStore, index, policies, retention, config.recording().recorder(), marks);
        ownerships.onOwnerChanged(recorder::ownerChanged);
        timelines = new CameraTimelines(FUTURE_TOLERANCE_MICROS, config.recording().recorder().gapMicros(),
                new TimelineStore(db));
        if (!config.database().embedded()) {
            timelines.shared(); // other nodes record the same cameras: read a camera's timeline at each connection
        }
        return new IngestServices(new VideoFanOut(List.of(recorder, liveHub, keyframes, relaySource)), timelines,
                config.recording().media()).withLiveDemands(new AnyLiveDemand(liveHub, relaySource));
    }

    /**
     * Meters and health checks of the parts started so far (before the HTTP API serves them): the
     * node's own meters, and checks of the database, the store and the data directory's free space.
     */
    private void startOperations(Path data) {
        metrics.bind(new NodeMeters(presence, recorder, liveHub)).bind(gateway.stats()).bind(blocking)
                .bind(EventLoopGuard.meters()).bind(events).bind(notifications.webhooks());
        health.register("database", new DatabaseCheck(db));
        health.register("store", new StoreCheck(storage::probe));
        health.register("disk", new DiskSpaceCheck(data, DiskSpaceCheck.DEFAULT_MIN_FREE_BYTES));
        recorder.register(metrics.registry());
        health.register("recorder", new RecorderBacklogCheck(recorder::backlog));
    }

    /**
     * Where cameras download bundles from: this node's camera HTTPS port on the first gateway name
     * (the name cameras already dial, and one the gateway certificate names). Cameras must reach that
     * name and port directly: the listener wants their device certificate, so a TLS-terminating proxy
     * cannot stand in front of it (a TCP load balancer can).
     */
    private String firmwareDownloadBase() {
        List<String> names = config.gatewayNames();
        String host = names == null || names.isEmpty() ? "localhost" : names.get(0);
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + http.cameraHttpsPort();
    }

    /**
     * Where other nodes reach this one: {@code node.advertise} (else the first gateway name) on the
     * camera HTTPS port.
     */
    public NodeAddress nodeAddress() {
        return cluster.locator().self(); // chosen when the node joined the directory
    }

    /** Cameras of other nodes watched here; {@code locateWith} gives it the node directory. */
    public LiveRelays liveRelays() {
        return liveRelays;
    }

    /** This node's cameras relayed to other nodes. */
    public RelaySource relaySource() {
        return relaySource;
    }

    /** Pushes messages to a user's open pages ({@code GET /api/push}): e.g. notifications. */
    public PagePush pagePush() {
        return pushes;
    }

    /** This node in the cluster: its id, the node directory and the camera locator. */
    public ClusterNode cluster() {
        return cluster;
    }

    /** The events cameras reported: listeners ({@code onEvent}), store, snapshots. */
    public EventService events() {
        return events;
    }

    /** The cameras' latest pictures (decoded keyframes, cached). */
    public LatestPictures pictures() {
        return pictures;
    }

    /** The node's update service: firmware repository, targets, signed offers. */
    public FirmwareService firmware() {
        return firmware;
    }

    /** Firmware rollouts: creating, steering and viewing them. */
    public Rollouts rollouts() {
        return rollouts;
    }

    /** This node's rollout driver (it drives while it holds the lease). */
    public RolloutDriver rolloutDriver() {
        return rolloutDriver;
    }

    /** Commands and settings of this node's cameras. */
    public CameraControl control() {
        return control;
    }

    /** The node's meters (Prometheus registry): parts register theirs in {@code metrics().registry()}. */
    public NodeMetrics metrics() {
        return metrics;
    }

    /** The node's health checks ({@code GET /health}): parts register theirs, e.g. as a lambda. */
    public HealthChecks health() {
        return health;
    }

    /** The node's blocking work pool (database and store work off the event loops). */
    public BlockingPool blockingPool() {
        return blocking;
    }

    /** What the camera gateway did with connections that had not authenticated yet. */
    public GatewayStats gatewayStats() {
        return gateway.stats();
    }

    public int httpPort() {
        return http.port();
    }

    public int gatewayPort() {
        return gateway.port();
    }

    /** The HTTP API for cameras, mutual TLS: where signed offers send them to download bundles. */
    public int cameraHttpsPort() {
        return http.cameraHttpsPort();
    }

    public String operatorToken() {
        return operatorToken;
    }

    public Path operatorTokenFile() {
        return config.dataDir().resolve(OperatorToken.FILE_NAME);
    }

    public CloudConfig config() {
        return config;
    }

    public Presence presence() {
        return presence;
    }

    public DeviceStore devices() {
        return devices;
    }

    /** Who owns each camera, and who owned it when; claims and releases go through it. */
    public Ownerships ownerships() {
        return ownerships;
    }

    /** Notification settings and list, the notifier presence and events feed, and webhooks. */
    public NotificationService notifications() {
        return notifications;
    }

    public Database database() {
        return db;
    }

    public PlatformCa ca() {
        return ca;
    }

    /** The node's live hub (a {@code VideoHub}): register it with the gateway's video fan-out. */
    public LiveHub liveHub() {
        return liveHub;
    }

    /** The node's recorder (segments written, units dropped). */
    public Recorder recorder() {
        return recorder;
    }

    /** Where recorded segment files live ({@code DATA/video}, or {@code video/} in the bucket). */
    public ObjectStore videoStore() {
        return videoStore;
    }

    /** The node's object stores: segments, snapshots, firmware bundles ({@code probe()} for health). */
    public NodeStorage storage() {
        return storage;
    }

    /** What a graceful drain did. */
    public record Drained(int camerasTold, int camerasLeft, long millis) {
    }

    /**
     * Graceful stop, before {@link #close()}: the gateway stops accepting cameras, every open segment
     * ends at its last keyframe (what follows is not acknowledged: the camera still holds it), each
     * camera is told to reconnect elsewhere now (Goodbye DRAINING), and this waits up to
     * {@code timeout} for them to leave. The cameras resend from that keyframe to their next node, so
     * a rolling restart leaves no gap.
     */
    public Drained drain(java.time.Duration timeout) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        if (gateway == null || recorder == null) {
            return new Drained(0, 0, 0);
        }
        gateway.stopAccepting();
        recorder.drain(java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        int told = gateway.tellCamerasToMove();
        while (gateway.camerasConnected() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            told += gateway.tellCamerasToMove(); // one welcomed while the drain began
        }
        Drained drained = new Drained(told, gateway.camerasConnected(), (System.nanoTime() - start) / 1_000_000);
        log.info("drained: {} cameras told to move, {} still connected after {} ms", drained.camerasTold(),
                drained.camerasLeft(), drained.millis());
        return drained;
    }

    @Override
    public void close() {
        if (rolloutDriver != null) {
            rolloutDriver.close(); // gives the driver lease up: another node drives at once
        }
        if (cluster != null) {
            cluster.close(); // other nodes stop sending this node commands for its cameras
        }
        if (http != null) {
            http.stop();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (notifications != null) {
            notifications.close();
        }
        if (liveRelays != null) {
            liveRelays.close(); // other nodes feed the hub no more
        }
        liveHub.close(); // the gateway feeds it no more: release the cached frames
        if (recorder != null) {
            recorder.close(); // commits open segments while the database is still open
        }
        if (timelines != null) {
            timelines.close();
        }
        if (retention != null) {
            retention.close();
        }
        if (flusher != null) {
            flusher.close();
        }
        if (push != null) {
            push.close();
        }
        if (pictures != null) {
            pictures.close();
        }
        if (events != null) {
            events.close();
        }
        if (control != null) {
            control.close(); // writes the last reported states while the database is still open
        }
        if (blocking != null) {
            blocking.close();
        }
        health.close();
        if (db != null) {
            db.close();
        }
        if (storage != null) {
            storage.close();
        }
        metrics.close();
    }
}
