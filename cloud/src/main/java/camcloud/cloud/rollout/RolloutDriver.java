package camcloud.cloud.rollout;

import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.firmware.TargetRefusedException;
import camcloud.firmware.bundle.FirmwareVersion;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every rollout, on the one node that holds the {@link DriverLease}: each tick it renews the
 * lease, follows the cameras in flight ({@link CameraHealth} on {@link EvidenceReader}'s evidence),
 * judges the running wave ({@link WaveJudge}) — pausing the rollout itself when a wave fails —,
 * starts the next wave, and offers pending cameras that are online while there is room under the
 * cap on concurrent downloads.
 *
 * <p>An offer is the write first, then the telling: {@code pending → offered} is committed (only
 * while this node holds the lease and the rollout runs) before the camera's target is set
 * ({@link FirmwareService#setTarget}, which reaches the camera on whichever node holds it, or at its
 * next connection). A driver that takes over reads the rows and never offers a camera twice; a camera
 * whose row says offered but whose target was never set (its driver died between the two) gets it set
 * by the next driver once a lease period has passed. A target the cloud refuses fails the camera as
 * {@code refused}, and a failed camera's target is taken back (a camera that came back on its old
 * version would otherwise install the build that failed it again).
 *
 * <p>Cameras offline when their wave starts stay pending and are offered when they next connect, as
 * long as the rollout runs (see {@link WaveJudge} for how a wave with offline cameras ends).
 */
public final class RolloutDriver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RolloutDriver.class);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(2);
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
    private static final EnumSet<CameraState> IN_FLIGHT = EnumSet.of(CameraState.OFFERED, CameraState.DOWNLOADING,
            CameraState.INSTALLING, CameraState.REBOOTED);

    private final Rollouts rollouts;
    private final RolloutStore store;
    private final FirmwareService firmware;
    private final DriverLease lease;
    private final String nodeId;
    private final CameraHealth health;
    private final Clock clock;
    private final Thread thread;
    private volatile Duration tick = DEFAULT_TICK;
    private volatile Duration leaseLength = DEFAULT_LEASE;
    private volatile boolean running = true;
    private volatile boolean release = true;
    private boolean holding;

    RolloutDriver(Rollouts rollouts, String nodeId, CameraHealth health, Clock clock) {
        this.rollouts = rollouts;
        this.store = rollouts.store();
        this.firmware = rollouts.firmware();
        this.lease = rollouts.lease();
        this.nodeId = nodeId;
        this.health = health;
        this.clock = clock;
        this.thread = new Thread(this::run, "rollout-driver");
        this.thread.setDaemon(true);
    }

    /**
     * How often it looks ({@code tick}) and how long its lease lasts ({@code lease}, at least three
     * ticks): tests run fast, a fleet of tens of thousands of cameras is fine with the defaults.
     */
    public RolloutDriver pace(Duration tick, Duration lease) {
        if (tick.toMillis() <= 0 || lease.compareTo(tick.multipliedBy(3)) < 0) {
            throw new IllegalArgumentException("rollout driver: tick must be positive and the lease at least three "
                    + "ticks, were " + tick.toMillis() + " ms and " + lease.toMillis() + " ms");
        }
        this.tick = tick;
        this.leaseLength = lease;
        return this;
    }

    public RolloutDriver start() {
        thread.start();
        return this;
    }

    /** Whether this node drives the rollouts now. */
    public boolean driving() {
        return holding;
    }

    /**
     * Stops without giving the lease up, as a node that hangs or dies would: another node takes over
     * once the lease ran out. For tests.
     */
    public void halt() {
        release = false;
        stop();
    }

    /** Stops, giving the lease up so another node takes over at once. */
    @Override
    public void close() {
        stop();
    }

    private void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (release && holding) {
            try {
                lease.release(nodeId);
            } catch (RuntimeException e) {
                log.warn("rollouts: giving up the driver lease failed ({}); another node takes over when it runs out",
                        e.getMessage());
            }
        }
    }

    private void run() {
        while (running) {
            try {
                tick();
            } catch (RuntimeException e) {
                log.warn("rollouts: driving failed this time, trying again: {}", e.toString());
            }
            try {
                Thread.sleep(tick.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look at every rollout; public for tests that step a driver by hand. */
    void tick() {
        long now = clock.millis();
        boolean held = lease.hold(nodeId, now, leaseLength);
        if (held != holding) {
            log.info(held ? "rollouts: node {} drives the rollouts (holds the driver lease)"
                    : "rollouts: node {} lost the driver lease", nodeId);
            holding = held;
        }
        if (!held) {
            return;
        }
        for (Rollout r : store.driven()) {
            if (!running) {
                return;
            }
            drive(r);
        }
    }

    private void drive(Rollout r) {
        follow(r);
        if (!r.state().equals(Rollout.RUNNING)) {
            return;
        }
        if (judgeWaves(r)) {
            offer(r);
        }
    }

    /** The cameras in flight moved on from the evidence; failed ones' targets taken back. */
    private void follow(Rollout r) {
        long now = clock.millis();
        List<RolloutCamera> moved = new ArrayList<>();
        List<RolloutCamera> undelivered = new ArrayList<>();
        List<RolloutCamera[]> moves = new ArrayList<>();
        // read without a transaction (the evidence tables change all the time); each move is conditional
        store.db().query(c -> {
            Map<String, CameraEvidence> evidence = EvidenceReader.inFlight(c, r.id(), now);
            for (RolloutCamera cam : RolloutStore.cameras(c, r.id(), IN_FLIGHT)) {
                CameraEvidence e = evidence.get(cam.serial());
                if (e == null) {
                    continue;
                }
                Optional<RolloutCamera> next = health.next(cam, e, r.version(), r.settings(), now);
                if (next.isPresent()) {
                    moves.add(new RolloutCamera[] {cam, next.get()});
                } else if (cam.state() == CameraState.OFFERED && !targeted(e, r.version(), cam.offeredAt())
                        && now - cam.offeredAt() > leaseLength.toMillis()) {
                    undelivered.add(cam);
                }
            }
            return null;
        });
        if (!moves.isEmpty()) {
            store.db().inTransaction(c -> {
                moved.clear();
                for (RolloutCamera[] move : moves) {
                    if (RolloutStore.moveCamera(c, r.id(), move[1], move[0].state())) {
                        moved.add(move[1]);
                    }
                }
            });
        }
        List<String> failed = new ArrayList<>();
        for (RolloutCamera m : moved) {
            if (m.state() == CameraState.FAILED) {
                failed.add(m.serial());
                log.warn("rollout {}: camera {} failed ({}): {}", r.id(), m.serial(), m.reason(), m.detail());
            } else if (m.state() == CameraState.HEALTHY) {
                log.info("rollout {}: camera {} healthy on {}", r.id(), m.serial(), r.version());
            }
        }
        rollouts.takeBack(r, failed);
        for (RolloutCamera cam : undelivered) {
            log.warn("rollout {}: camera {} was marked offered but its target was never set (its driver stopped in "
                    + "between): setting it now", r.id(), cam.serial());
            tell(r, cam.serial(), cam.fromVersion());
        }
    }

    private static boolean targeted(CameraEvidence e, String version, long offeredAt) {
        return version.equals(e.targetVersion()) && e.targetSetAt() >= offeredAt;
    }

    /**
     * Judges the last started wave and starts the next. False when the rollout paused itself or
     * completed (nothing more to offer).
     */
    private boolean judgeWaves(Rollout r) {
        long now = clock.millis();
        List<RolloutWave> waves = store.waves(r.id());
        Map<Integer, Map<CameraState, Integer>> counts = store.counts(r.id());
        int currentWave = -1;
        for (RolloutWave w : waves) {
            if (w.started()) {
                currentWave = w.index();
            }
        }
        if (currentWave < 0) {
            startWave(r, 0, now);
            return true;
        }
        final int current = currentWave;
        RolloutWave wave = waves.get(current);
        if (wave.state().equals(RolloutWave.RUNNING)) {
            int pendingOnline = store.db().query(c -> EvidenceReader.pendingOnlineByWave(c, r.id(), now))
                    .getOrDefault(current, 0);
            WaveJudge.Verdict verdict = WaveJudge.judge(wave, counts.getOrDefault(current, Map.of()), pendingOnline,
                    r.settings(), now);
            if (verdict.state().equals(RolloutWave.FAILED)) {
                boolean paused = store.db().transaction(c -> {
                    Optional<Rollout> still = RolloutStore.rollout(c, r.id());
                    if (still.isEmpty() || !still.get().state().equals(Rollout.RUNNING)) {
                        return false;
                    }
                    RolloutStore.setWaveState(c, r.id(), current, RolloutWave.FAILED, null, now);
                    RolloutStore.setRolloutState(c, r.id(), Rollout.PAUSED, verdict.reason(), null, null);
                    return true;
                });
                if (paused) {
                    log.warn("rollout {}: paused itself: {}", r.id(), verdict.reason());
                }
                return false;
            }
            if (verdict.state().equals(RolloutWave.SUCCEEDED)) {
                store.db().inTransaction(c -> RolloutStore.setWaveState(c, r.id(), current, RolloutWave.SUCCEEDED,
                        null, now));
                log.info("rollout {}: wave {} ({}) succeeded", r.id(), current + 1, wave.label());
                wave = new RolloutWave(r.id(), current, wave.label(), RolloutWave.SUCCEEDED, wave.startedAt(), now);
            }
        }
        if (wave.judged() && current + 1 < waves.size()) {
            startWave(r, current + 1, now);
        } else if (wave.judged() && unfinished(counts) == 0) {
            store.db().inTransaction(c -> RolloutStore.setRolloutState(c, r.id(), Rollout.COMPLETED, null, null, now));
            log.info("rollout {}: completed", r.id());
            return false;
        }
        return true;
    }

    private static int unfinished(Map<Integer, Map<CameraState, Integer>> counts) {
        int n = 0;
        for (Map<CameraState, Integer> wave : counts.values()) {
            for (Map.Entry<CameraState, Integer> e : wave.entrySet()) {
                if (e.getKey() == CameraState.PENDING || e.getKey().inFlight()) {
                    n += e.getValue();
                }
            }
        }
        return n;
    }

    private void startWave(Rollout r, int index, long now) {
        store.db().inTransaction(c -> RolloutStore.setWaveState(c, r.id(), index, RolloutWave.RUNNING, now, null));
        log.info("rollout {}: wave {} started", r.id(), index + 1);
    }

    /** Offers online pending cameras of started waves, in order, while there is room under the cap. */
    private void offer(Rollout r) {
        long now = clock.millis();
        List<RolloutWave> waves = store.waves(r.id());
        int lastStarted = -1;
        for (RolloutWave w : waves) {
            if (w.started()) {
                lastStarted = w.index();
            }
        }
        int downloading = 0;
        for (Map<CameraState, Integer> wave : store.counts(r.id()).values()) {
            for (Map.Entry<CameraState, Integer> e : wave.entrySet()) {
                if (e.getKey().downloading()) {
                    downloading += e.getValue();
                }
            }
        }
        int room = r.settings().maxConcurrentDownloads() - downloading;
        if (room <= 0 || lastStarted < 0) {
            return;
        }
        int upTo = lastStarted;
        List<EvidenceReader.Online> candidates = store.db().query(c -> EvidenceReader.pendingOnline(c, r.id(), upTo,
                now, room));
        for (EvidenceReader.Online cam : candidates) {
            if (!running) {
                return;
            }
            if (!below(cam.runningVersion(), r.version())) {
                store.db().inTransaction(c -> RolloutStore.moveCamera(c, r.id(), new RolloutCamera(cam.serial(), 0, 0,
                        CameraState.SKIPPED, null, "runs " + cam.runningVersion() + " now", null, null, null,
                        clock.millis()), CameraState.PENDING));
                continue;
            }
            long at = clock.millis();
            boolean marked = store.db().transaction(c -> RolloutStore.markOffered(c, r.id(), cam.serial(), nodeId, at));
            if (marked) {
                tell(r, cam.serial(), cam.runningVersion());
            }
        }
    }

    /** Sets the camera's target (after its offer was committed); a refusal fails it. */
    private void tell(Rollout r, String serial, String runningVersion) {
        try {
            firmware.setTarget(serial, r.model(), runningVersion, r.version());
        } catch (TargetRefusedException e) {
            store.db().inTransaction(c -> RolloutStore.moveCamera(c, r.id(), new RolloutCamera(serial, 0, 0,
                    CameraState.FAILED, FailureReason.REFUSED, e.getMessage(), null, null, null, clock.millis()),
                    CameraState.OFFERED));
            log.warn("rollout {}: camera {} refused by the cloud: {}", r.id(), serial, e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.warn("rollout {}: setting camera {}'s target failed ({}); the next driver tick tries again", r.id(),
                    serial, e.toString());
            return;
        }
        // cancelled between the offer's write and now: the cancel may have looked before the target was set
        boolean stillOffered = store.db().query(c -> camcloud.cloud.db.Rows.first(c, "SELECT 1 FROM rollout_cameras "
                + "WHERE rollout_id = ? AND camera_serial = ? AND state <> 'skipped'", p -> {
                    p.setLong(1, r.id());
                    p.setString(2, serial);
                }, rs -> true)).isPresent();
        if (!stillOffered) {
            rollouts.takeBack(r, List.of(serial));
        }
    }

    private static boolean below(String running, String version) {
        try {
            return running == null || FirmwareVersion.parse(running).number() < FirmwareVersion.parse(version).number();
        } catch (RuntimeException e) {
            return true;
        }
    }
}
