package camcloud.cloud.rollout;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.firmware.PublishedBundle;
import camcloud.cloud.tag.CameraTags;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creating and steering rollouts: every check of a new rollout is made before anything is written,
 * and a refusal ({@link RolloutException}) leaves no trace and tells no camera anything. Offers,
 * health and waves are the {@link RolloutDriver}'s; this only writes what the operator decided.
 *
 * <p>Cancel: no camera is offered anything more; pending cameras are {@code skipped}. A camera already
 * offered keeps its target and is followed to its end like one downloading or installing: its signed
 * offer is in its hands (valid for an hour), so it may start at any moment, and taking the target back
 * would only hide that it did.
 */
public final class Rollouts {

    private static final Logger log = LoggerFactory.getLogger(Rollouts.class);
    /** Failed serials a rollout view names per reason. */
    public static final int FAILURES_SHOWN = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RolloutStore store;
    private final FirmwareService firmware;
    private final CameraModels models;
    private final DriverLease lease;
    private final Clock clock;

    public Rollouts(Database db, FirmwareService firmware, CameraModels models, Clock clock) {
        this.store = new RolloutStore(db);
        this.firmware = firmware;
        this.models = models;
        this.lease = new DriverLease(db);
        this.clock = clock;
    }

    RolloutStore store() {
        return store;
    }

    DriverLease lease() {
        return lease;
    }

    FirmwareService firmware() {
        return firmware;
    }

    /**
     * A driver for this node; {@link RolloutDriver#start} it.
     *
     * @param localVersion the version a camera connected to this node announced in its Hello (empty when
     *                     it is not here): fresher than what the database holds, which is flushed in batches
     */
    public RolloutDriver driver(String nodeId, CameraHealth health,
                                java.util.function.Function<String, Optional<String>> localVersion) {
        return new RolloutDriver(this, nodeId, health, localVersion, clock);
    }

    /**
     * Creates a rollout (started when asked).
     *
     * @throws RolloutException naming what is wrong; nothing was written
     */
    public RolloutView create(RolloutRequest r) {
        PublishedBundle bundle = checkRequest(r);
        long id = store.db().transaction(c -> insert(c, r, bundle, null, clock.millis()));
        log.info("rollout {}: {} {} created ({})", id, r.model(), r.version(), r.start() ? "started" : "draft");
        return view(id);
    }

    private PublishedBundle checkRequest(RolloutRequest r) {
        if (models.find(r.model()).isEmpty()) {
            throw RolloutException.badRequest("unknown model '" + printable(r.model()) + "'; known models: "
                    + String.join(", ", models.ids()));
        }
        try {
            WavePlan.check(r.waves());
            r.tags().forEach(CameraTags::check);
        } catch (IllegalArgumentException e) {
            throw RolloutException.badRequest(e.getMessage());
        }
        Optional<PublishedBundle> bundle = firmware.repository().find(r.model(), r.version());
        if (bundle.isEmpty()) {
            List<PublishedBundle> published = firmware.repository().list(r.model());
            throw RolloutException.conflict("version " + printable(r.version()) + " is not published for model "
                    + r.model() + (published.isEmpty() ? " (nothing is published for it yet)" : "; published: "
                    + String.join(", ", published.stream().map(PublishedBundle::version).toList())));
        }
        return bundle.get();
    }

    /** Selects, plans and writes a rollout inside the caller's transaction; returns its id. */
    private long insert(Connection c, RolloutRequest r, PublishedBundle bundle, Long goesBackFrom, long now)
            throws SQLException {
        Map<String, String> versions = select(c, r, bundle);
        Map<String, Long> active = RolloutStore.activeCameras(c);
        for (String serial : versions.keySet()) {
            Long other = active.get(serial);
            if (other != null) {
                throw RolloutException.conflict("camera " + serial + " is already in rollout " + other
                        + ", which is active: cancel it, or leave the camera out");
            }
        }
        Map<String, List<String>> tagsOf = CameraTags.all(c);
        List<WavePlan.Wave> waves = WavePlan.plan(versions.keySet(), tagsOf, r.waves());
        if (waves.isEmpty()) {
            throw RolloutException.badRequest("the waves take none of the " + versions.size()
                    + " selected cameras (a tag wave takes only cameras carrying its tag)");
        }
        long id = RolloutStore.insertRollout(c, r.model(), r.version(), r.start() ? Rollout.RUNNING : Rollout.DRAFT,
                settingsJson(r), r.settings(), goesBackFrom, now);
        RolloutStore.insertWaves(c, id, waves);
        RolloutStore.insertCameras(c, id, waves, versions, now);
        if (r.start()) {
            RolloutStore.setRolloutState(c, id, Rollout.RUNNING, null, now, null);
            RolloutStore.setWaveState(c, id, 0, RolloutWave.RUNNING, now, null);
        }
        return id;
    }

    /**
     * The target: cameras of the model below the new version, on one of {@code fromVersions} when
     * given, carrying every tag asked for, or exactly the cameras named. Serial → running version.
     */
    private Map<String, String> select(Connection c, RolloutRequest r, PublishedBundle bundle) throws SQLException {
        Map<String, String> ofModel = RolloutStore.camerasOfModel(c, r.model());
        Map<String, String> out = new TreeMap<>();
        if (r.cameras() != null) {
            for (String serial : new java.util.TreeSet<>(r.cameras())) {
                if (!ofModel.containsKey(serial)) {
                    throw RolloutException.badRequest("camera '" + printable(serial) + "' is not a camera of model "
                            + r.model());
                }
                String running = ofModel.get(serial);
                if (!below(running, bundle)) {
                    throw RolloutException.conflict("camera " + serial + " runs " + running + ", not older than "
                            + bundle.version() + ": cameras refuse a downgrade; publish a higher version");
                }
                out.put(serial, running);
            }
        } else {
            Set<String> tagged = null;
            for (String tag : r.tags()) {
                Set<String> with = CameraTags.camerasWith(c, tag);
                if (tagged == null) {
                    tagged = new HashSet<>(with);
                } else {
                    tagged.retainAll(with);
                }
            }
            for (Map.Entry<String, String> e : ofModel.entrySet()) {
                String running = e.getValue();
                if ((tagged == null || tagged.contains(e.getKey()))
                        && (r.fromVersions().isEmpty() || running != null && r.fromVersions().contains(running))
                        && below(running, bundle)) {
                    out.put(e.getKey(), running);
                }
            }
        }
        if (out.isEmpty()) {
            throw RolloutException.badRequest("no camera to update: of the " + ofModel.size() + " cameras of model "
                    + r.model() + ", none " + (r.fromVersions().isEmpty() ? "" : "on " + r.fromVersions() + " ")
                    + (r.tags().isEmpty() ? "" : "tagged " + r.tags() + " ") + "runs a version below " + r.version());
        }
        return out;
    }

    /** Whether a camera running {@code running} (null or unparseable: never said) may move to the bundle. */
    private static boolean below(String running, PublishedBundle bundle) {
        if (running == null) {
            return true;
        }
        try {
            return FirmwareVersion.parse(running).number() < bundle.versionNumber();
        } catch (RuntimeException e) {
            return true; // the camera's own check decides; the cloud's TargetCheck skips what it cannot parse
        }
    }

    private static String settingsJson(RolloutRequest r) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("fromVersions", r.fromVersions());
        s.put("tags", r.tags());
        if (r.cameras() != null) {
            s.put("cameras", r.cameras());
        }
        List<Map<String, Object>> waves = new ArrayList<>();
        for (WaveSpec w : r.waves()) {
            waves.add(w.byTag() ? Map.of("tag", w.tag()) : Map.of("percent", w.percent()));
        }
        s.put("waves", waves);
        RolloutSettings rs = r.settings();
        s.put("successThreshold", rs.successThreshold());
        s.put("errorThreshold", rs.errorThreshold());
        s.put("minFinished", rs.minFinished());
        s.put("cameraTimeoutSeconds", rs.cameraTimeout().toSeconds());
        s.put("settleSeconds", rs.settle().toSeconds());
        s.put("maxConcurrentDownloads", rs.maxConcurrentDownloads());
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("settings of plain values always serialise", e);
        }
    }

    // ---- steering

    public RolloutView start(long id) {
        return change(id, "start", Rollout.DRAFT, (c, r, now) -> {
            RolloutStore.setRolloutState(c, id, Rollout.RUNNING, null, now, null);
            RolloutStore.setWaveState(c, id, 0, RolloutWave.RUNNING, now, null);
        });
    }

    public RolloutView pause(long id) {
        return change(id, "pause", Rollout.RUNNING,
                (c, r, now) -> RolloutStore.setRolloutState(c, id, Rollout.PAUSED, "paused by an operator", null, null));
    }

    /**
     * Resumes a paused rollout. After an automatic pause the operator overrides the failed wave: it
     * stays {@code failed}, its remaining cameras are offered, and the next wave starts.
     */
    public RolloutView resume(long id) {
        return change(id, "resume", Rollout.PAUSED,
                (c, r, now) -> RolloutStore.setRolloutState(c, id, Rollout.RUNNING, null, null, null));
    }

    /** Cancels a draft, running or paused rollout (see the class comment for what its cameras do). */
    public RolloutView cancel(long id) {
        store.db().transaction(c -> {
            Rollout rollout = RolloutStore.rollout(c, id).orElseThrow(() -> unknown(id));
            if (!rollout.active()) {
                throw RolloutException.conflict("rollout " + id + " is " + rollout.state() + ": it cannot be cancelled");
            }
            cancel(c, rollout, clock.millis());
            return rollout;
        });
        log.info("rollout {}: cancelled; cameras not offered yet skipped, those offered followed to their end", id);
        return view(id);
    }

    /** Inside a transaction: the rollout, its open waves and its cameras not offered yet cancelled. */
    private static void cancel(Connection c, Rollout r, long now) throws SQLException {
        RolloutStore.moveAll(c, r.id(), CameraState.PENDING, CameraState.SKIPPED, "rollout cancelled", now);
        for (RolloutWave w : RolloutStore.waves(c, r.id())) {
            if (w.state().equals(RolloutWave.WAITING) || w.state().equals(RolloutWave.RUNNING)) {
                RolloutStore.setWaveState(c, r.id(), w.index(), RolloutWave.CANCELLED, null, now);
            }
        }
        RolloutStore.setRolloutState(c, r.id(), Rollout.CANCELLED, null, null, now);
    }

    /** Takes back the targets this rollout set on {@code serials} (not a target set since by someone else). */
    void takeBack(Rollout r, List<String> serials) {
        for (String serial : serials) {
            try {
                if (firmware.target(serial).filter(r.version()::equals).isPresent()) {
                    firmware.clearTarget(serial);
                }
            } catch (RuntimeException e) {
                log.warn("rollout {}: taking back camera {}'s target failed: {}", r.id(), serial, e.toString());
            }
        }
    }

    /**
     * Going back: a new rollout (one wave, the cameras named, started) of {@code version} — the earlier
     * release's build published again under a higher version, since cameras refuse a downgrade — over
     * the rollout's failed cameras, or over all it updated (those running its version now). The
     * rollout it goes back from is cancelled in the same transaction when still active.
     *
     * @param which {@code failed} or {@code updated}
     */
    public RolloutView goBack(long id, String version, String which) {
        if (!which.equals("failed") && !which.equals("updated")) {
            throw RolloutException.badRequest("cameras must be 'failed' or 'updated', was '" + printable(which) + "'");
        }
        Rollout from = store.rollout(id).orElseThrow(() -> unknown(id));
        PublishedBundle bundle = checkRequest(new RolloutRequest(from.model(), version, List.of(), List.of(), null,
                List.of(WaveSpec.percent(100)), from.settings(), true));
        long created = store.db().transaction(c -> {
            Rollout source = RolloutStore.rollout(c, id).orElseThrow(() -> unknown(id));
            List<String> cameras = which.equals("failed")
                    ? Rows.list(c, "SELECT camera_serial FROM rollout_cameras WHERE rollout_id = ? AND state = 'failed' "
                    + "ORDER BY offer_order", p -> p.setLong(1, id), rs -> rs.getString(1))
                    : Rows.list(c, "SELECT rc.camera_serial FROM rollout_cameras rc JOIN devices d "
                    + "ON d.serial = rc.camera_serial WHERE rc.rollout_id = ? AND d.firmware_version = ? "
                    + "ORDER BY rc.offer_order", p -> {
                        p.setLong(1, id);
                        p.setString(2, source.version());
                    }, rs -> rs.getString(1));
            if (cameras.isEmpty()) {
                throw RolloutException.badRequest("rollout " + id + " has no " + which + " camera to send back");
            }
            RolloutRequest request = new RolloutRequest(source.model(), version, List.of(), List.of(), cameras,
                    List.of(WaveSpec.percent(100)), source.settings(), true);
            long now = clock.millis();
            if (source.active()) {
                cancel(c, source, now);
            }
            return insert(c, request, bundle, id, now);
        });
        log.info("rollout {}: going back from rollout {} to {} ({} cameras)", created, id, version, which);
        return view(created);
    }

    @FunctionalInterface
    private interface Change {
        void apply(Connection c, Rollout r, long now) throws SQLException;
    }

    private RolloutView change(long id, String what, String requiredState, Change change) {
        store.db().inTransaction(c -> {
            Rollout r = RolloutStore.rollout(c, id).orElseThrow(() -> unknown(id));
            if (!r.state().equals(requiredState)) {
                throw RolloutException.conflict("rollout " + id + " is " + r.state() + ": only a " + requiredState
                        + " rollout can " + what);
            }
            change.apply(c, r, clock.millis());
        });
        log.info("rollout {}: {}", id, what);
        return view(id);
    }

    // ---- reading

    public RolloutView view(long id) {
        Rollout r = store.rollout(id).orElseThrow(() -> unknown(id));
        return view(r, lease.holder(clock.millis()).orElse(null));
    }

    /** Newest first. */
    public List<RolloutView> list() {
        String driver = lease.holder(clock.millis()).orElse(null);
        return store.rollouts().stream().map(r -> view(r, driver)).toList();
    }

    private RolloutView view(Rollout r, String driver) {
        Map<String, List<String>> failed = new TreeMap<>();
        Map<String, Integer> failedCount = new TreeMap<>();
        for (RolloutCamera c : store.cameras(r.id(), CameraState.FAILED)) {
            String reason = c.reason() == null ? "unknown" : c.reason();
            failedCount.merge(reason, 1, Integer::sum);
            List<String> shown = failed.computeIfAbsent(reason, k -> new ArrayList<>());
            if (shown.size() < FAILURES_SHOWN) {
                shown.add(c.serial());
            }
        }
        List<RolloutView.Failure> failures = failed.entrySet().stream()
                .map(e -> new RolloutView.Failure(e.getKey(), failedCount.get(e.getKey()), e.getValue())).toList();
        return new RolloutView(r, store.waves(r.id()), store.counts(r.id()), failures, driver);
    }

    /** The rollout's cameras in offer order; {@code state} null for all. */
    public List<RolloutCamera> cameras(long id, CameraState state) {
        store.rollout(id).orElseThrow(() -> unknown(id));
        return store.cameras(id, state);
    }

    private static RolloutException unknown(long id) {
        return RolloutException.notFound("no rollout " + id);
    }

    private static String printable(String s) {
        String cut = s.length() > 64 ? s.substring(0, 64) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
