package camcloud.cloud.cluster;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node directory in the database (V011): which nodes are alive ({@code cluster_nodes}, a lease
 * each node renews every lease/3) and which node holds each camera's newest session
 * ({@code cluster_cameras}). A camera whose node's lease ran out is on no node, whatever its row says;
 * each node removes expired nodes' rows when it renews its own lease.
 *
 * <p>Everything here runs on the directory's own thread, never a gateway event loop: cameras coming
 * and going are queued ({@link #cameraOnline}, {@link #cameraOffline}) and written in one transaction
 * per batch (batched statements: a camera's row as its last queued change says), each change's
 * {@code after} run once it is committed (so "connected here" is only told to
 * the other nodes once the directory says so). A camera's row is written by the node it connected to
 * and removed only by that node (or with it when it dies), so a late "offline" of an older session on
 * another node never removes the newer one. Should two nodes' writes for a moving camera cross anyway,
 * the renewal finds this node's rows out of step with its cameras (a count) and writes them again.
 *
 * <p>Lease times are the writing node's clock: nodes need clocks in step (NTP) to well within the lease.
 */
public final class NodeDirectory implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NodeDirectory.class);
    /** How long camera changes wait to be written together. */
    private static final long BATCH_MILLIS = 50;

    /** A node as the directory lists it. */
    public record Node(NodeAddress address, int httpPort, long startedMillis, long leaseUntilMillis) {
    }

    /** A camera session on this node: what is written again if this node had been removed as dead. */
    public record Session(String serial, String sessionId, long connectedMillis) {
    }

    private record Change(Session session, boolean online, Runnable after) {
    }

    private final Database db;
    private final NodeAddress self;
    private final int httpPort;
    private final Duration lease;
    private final Clock clock;
    private final Supplier<Collection<Session>> localSessions;
    private final long startedMillis;
    private final ScheduledExecutorService thread;
    private final ConcurrentLinkedQueue<Change> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    /** Directory thread only: a batch that failed, tried again first. */
    private final List<Change> retry = new ArrayList<>();
    private volatile boolean renewing = true;
    private volatile boolean registered;

    private NodeDirectory(Database db, NodeAddress self, int httpPort, Duration lease, Clock clock,
                          Supplier<Collection<Session>> localSessions) {
        this.db = db;
        this.self = self;
        this.httpPort = httpPort;
        this.lease = lease;
        this.clock = clock;
        this.localSessions = localSessions;
        this.startedMillis = clock.millis();
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cluster-directory");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A directory for node {@code self}, not registered yet: camera changes queued now are written
     * once {@link #register} has run.
     *
     * @param localSessions the cameras connected here now: written at registration, and again if this
     *                      node finds itself removed as dead (it was paused longer than its lease)
     */
    public static NodeDirectory create(Database db, NodeAddress self, int httpPort, Duration lease, Clock clock,
                                       Supplier<Collection<Session>> localSessions) {
        return new NodeDirectory(db, self, httpPort, lease, clock, localSessions);
    }

    /**
     * Registers this node with the cameras connected to it now (rows a previous run under the same id
     * left are replaced: those cameras are not connected any more), and renews its lease every lease/3
     * from then on.
     *
     * @throws camcloud.cloud.db.DatabaseException when the database cannot be written
     */
    public NodeDirectory register() {
        long now = clock.millis();
        db.inTransaction(c -> {
            sweep(c, now);
            putNode(c, self, httpPort, startedMillis, now + lease.toMillis());
            removeCamerasOf(c, self.nodeId());
            putCameras(c, localSessions.get(), self.nodeId());
        });
        registered = true;
        long period = Math.max(1, lease.toMillis() / 3);
        thread.scheduleWithFixedDelay(this::renewQuietly, period, period, TimeUnit.MILLISECONDS);
        thread.execute(this::flush);
        log.info("cluster: node {} registered at {} (lease {} s)", self.nodeId(), self.baseUrl(), lease.toSeconds());
        return this;
    }

    public NodeAddress self() {
        return self;
    }

    /** The camera's session began here; {@code after} runs once that is written (directory thread). */
    public void cameraOnline(Session session, Runnable after) {
        queue(new Change(session, true, after));
    }

    /** The camera's session here ended; {@code after} runs once that is written (directory thread). */
    public void cameraOffline(String serial, Runnable after) {
        queue(new Change(new Session(serial, "", 0), false, after));
    }

    /** The live node that holds the camera's newest session. Blocking (a database read). */
    public Optional<NodeAddress> nodeOf(String serial) {
        return db.query(c -> nodeOf(c, serial, clock.millis()));
    }

    /** The live nodes, by id. Blocking (a database read). */
    public List<Node> nodes() {
        return db.query(c -> Rows.list(c, "SELECT node_id, host, camera_https_port, http_port, started_ms, "
                + "lease_until_ms FROM cluster_nodes WHERE lease_until_ms > ? ORDER BY node_id",
                p -> p.setLong(1, clock.millis()),
                rs -> new Node(new NodeAddress(rs.getString(1), rs.getString(2), rs.getInt(3)), rs.getInt(4),
                        rs.getLong(5), rs.getLong(6))));
    }

    /**
     * Stops renewing the lease, as a node that hung would: within the lease the others see it and its
     * cameras no more. For tests and for a drain that hands its cameras on.
     */
    public void stopRenewing() {
        renewing = false;
    }

    private void queue(Change change) {
        queued.add(change);
        if (flushScheduled.compareAndSet(false, true)) {
            try {
                thread.schedule(this::flush, BATCH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: close() removes this node's rows anyway
            }
        }
    }

    /** On the directory thread: every queued change in one transaction, in order; then their afters. */
    private void flush() {
        flushScheduled.set(false);
        if (!registered) {
            return; // register() flushes what waits
        }
        List<Change> batch = new ArrayList<>(retry);
        retry.clear();
        Change next;
        while ((next = queued.poll()) != null) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        // A camera's row ends as its last change says: one batched statement for the rows written and
        // one for those removed (a storm of 19,000 cameras is a few round trips per batch, not 19,000).
        Map<String, Change> last = new LinkedHashMap<>();
        for (Change change : batch) {
            last.put(change.session().serial(), change);
        }
        List<Session> online = new ArrayList<>();
        List<String> offline = new ArrayList<>();
        for (Change change : last.values()) {
            if (change.online()) {
                online.add(change.session());
            } else {
                offline.add(change.session().serial());
            }
        }
        try {
            db.inTransaction(c -> {
                removeCameras(c, offline, self.nodeId());
                putCameras(c, online, self.nodeId());
            });
        } catch (RuntimeException e) {
            log.warn("cluster: {} camera changes could not be written ({}); trying again in {} ms", batch.size(),
                    e.getMessage(), lease.toMillis() / 3);
            retry.addAll(batch);
            thread.schedule(this::flush, lease.toMillis() / 3, TimeUnit.MILLISECONDS);
            return;
        }
        for (Change change : batch) {
            try {
                change.after().run();
            } catch (RuntimeException e) {
                log.warn("cluster: after writing camera {}: {}", change.session().serial(), e.toString());
            }
        }
    }

    private void renewQuietly() {
        if (!renewing) {
            return;
        }
        try {
            renew();
        } catch (RuntimeException e) {
            log.warn("cluster: renewing node {}'s lease failed: {}", self.nodeId(), e.getMessage());
        }
    }

    /**
     * Renews the lease, then (each in a transaction of its own) puts this node's rows back in step and
     * sweeps dead nodes. The lease goes first and alone, one row by its key: the other two read every
     * camera row, so on PostgreSQL (serializable) they collide with the other nodes' batches during a
     * storm; when the lease shared their transaction it failed with them, ran out after a few tries,
     * and another node swept this node's 14,000 cameras (seen with 70,000 cameras on 5 nodes).
     */
    private void renew() {
        long now = clock.millis();
        boolean settled = queued.isEmpty() && retry.isEmpty();
        boolean lost = db.transaction(c -> {
            boolean removed = renewLease(c, self.nodeId(), now + lease.toMillis()) == 0;
            if (removed) {
                putNode(c, self, httpPort, startedMillis, now + lease.toMillis());
                removeCamerasOf(c, self.nodeId());
                putCameras(c, localSessions.get(), self.nodeId());
            }
            return removed;
        });
        if (lost) {
            log.warn("cluster: node {} had been removed as dead (no renewal within {} s); registered again with its "
                    + "cameras", self.nodeId(), lease.toSeconds());
        }
        try {
            if (!lost && settled) {
                db.inTransaction(c -> {
                    if (camerasOf(c, self.nodeId()) != localSessions.get().size()) {
                        // Rows out of step with the cameras here (two nodes' writes for one camera crossed
                        // while it moved): this node's rows are made what it holds again.
                        removeCamerasOf(c, self.nodeId());
                        putCameras(c, localSessions.get(), self.nodeId());
                    }
                });
            }
            int swept = db.transaction(c -> sweep(c, now));
            if (swept > 0) {
                log.info("cluster: removed {} cameras of nodes whose lease ran out", swept);
            }
        } catch (RuntimeException e) {
            // the lease is renewed; this is tried again at the next renewal
            log.info("cluster: checking node {}'s camera rows or sweeping dead nodes failed: {}", self.nodeId(),
                    e.getMessage());
        }
    }

    /** Writes the last queued changes, then removes this node and its cameras from the directory. */
    @Override
    public void close() {
        renewing = false;
        if (!registered) {
            thread.shutdownNow();
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread.shutdownNow();
        try {
            db.inTransaction(c -> {
                removeCamerasOf(c, self.nodeId());
                try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_nodes WHERE node_id = ?")) {
                    p.setString(1, self.nodeId());
                    p.executeUpdate();
                }
            });
            log.info("cluster: node {} left the directory", self.nodeId());
        } catch (RuntimeException e) {
            log.warn("cluster: node {} could not leave the directory ({}); its lease runs out instead",
                    self.nodeId(), e.getMessage());
        }
    }

    // ---- the SQL, on a connection (portable: SQLite and PostgreSQL) ----

    static void putNode(Connection c, NodeAddress node, int httpPort, long startedMillis, long leaseUntilMillis)
            throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO cluster_nodes (node_id, host, camera_https_port, "
                + "http_port, started_ms, lease_until_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (node_id) DO UPDATE "
                + "SET host = excluded.host, camera_https_port = excluded.camera_https_port, "
                + "http_port = excluded.http_port, started_ms = excluded.started_ms, "
                + "lease_until_ms = excluded.lease_until_ms")) {
            p.setString(1, node.nodeId());
            p.setString(2, node.host());
            p.setInt(3, node.port());
            p.setInt(4, httpPort);
            p.setLong(5, startedMillis);
            p.setLong(6, leaseUntilMillis);
            p.executeUpdate();
        }
    }

    /** Rows updated: 0 when the node is not in the directory (another node removed it as dead). */
    static int renewLease(Connection c, String nodeId, long leaseUntilMillis) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE cluster_nodes SET lease_until_ms = ? WHERE node_id = ?")) {
            p.setLong(1, leaseUntilMillis);
            p.setString(2, nodeId);
            return p.executeUpdate();
        }
    }

    /** Removes expired nodes and every camera row of a node that is not alive; returns the cameras removed. */
    static int sweep(Connection c, long nowMillis) throws SQLException {
        int cameras;
        try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_cameras WHERE node_id NOT IN "
                + "(SELECT node_id FROM cluster_nodes WHERE lease_until_ms > ?)")) {
            p.setLong(1, nowMillis);
            cameras = p.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_nodes WHERE lease_until_ms <= ?")) {
            p.setLong(1, nowMillis);
            p.executeUpdate();
        }
        return cameras;
    }

    /** The camera's newest session is on {@code nodeId}: the last write wins (it is the newest connect). */
    static void putCamera(Connection c, Session s, String nodeId) throws SQLException {
        putCameras(c, List.of(s), nodeId);
    }

    /** {@link #putCamera} for many cameras in one batched statement. */
    static void putCameras(Connection c, Collection<Session> sessions, String nodeId) throws SQLException {
        if (sessions.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO cluster_cameras (serial, node_id, session_id, "
                + "connected_ms) VALUES (?, ?, ?, ?) ON CONFLICT (serial) DO UPDATE SET node_id = excluded.node_id, "
                + "session_id = excluded.session_id, connected_ms = excluded.connected_ms")) {
            for (Session s : sessions) {
                p.setString(1, s.serial());
                p.setString(2, nodeId);
                p.setString(3, s.sessionId());
                p.setLong(4, s.connectedMillis());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** The camera left {@code nodeId}; a row another node wrote since (a newer session) stays. */
    static void removeCamera(Connection c, String serial, String nodeId) throws SQLException {
        removeCameras(c, List.of(serial), nodeId);
    }

    /** {@link #removeCamera} for many cameras in one batched statement. */
    static void removeCameras(Connection c, Collection<String> serials, String nodeId) throws SQLException {
        if (serials.isEmpty()) {
            return;
        }
        try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_cameras WHERE serial = ? AND node_id = ?")) {
            for (String serial : serials) {
                p.setString(1, serial);
                p.setString(2, nodeId);
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    static int camerasOf(Connection c, String nodeId) throws SQLException {
        return Rows.first(c, "SELECT COUNT(*) FROM cluster_cameras WHERE node_id = ?", p -> p.setString(1, nodeId),
                rs -> rs.getInt(1)).orElse(0);
    }

    static void removeCamerasOf(Connection c, String nodeId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("DELETE FROM cluster_cameras WHERE node_id = ?")) {
            p.setString(1, nodeId);
            p.executeUpdate();
        }
    }

    static Optional<NodeAddress> nodeOf(Connection c, String serial, long nowMillis) throws SQLException {
        return Rows.first(c, "SELECT n.node_id, n.host, n.camera_https_port FROM cluster_cameras k "
                + "JOIN cluster_nodes n ON n.node_id = k.node_id WHERE k.serial = ? AND n.lease_until_ms > ?", p -> {
                    p.setString(1, serial);
                    p.setLong(2, nowMillis);
                }, rs -> new NodeAddress(rs.getString(1), rs.getString(2), rs.getInt(3)));
    }
}
