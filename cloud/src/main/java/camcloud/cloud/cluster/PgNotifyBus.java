package camcloud.cloud.cluster;

import camcloud.cloud.config.Redact;
import camcloud.cloud.db.DatabaseException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster bus over PostgreSQL's LISTEN/NOTIFY, on the database every node already shares.
 *
 * <p>Why this and not node-to-node calls: it is the one channel all nodes have anyway — no extra port
 * to open between nodes, no peer addresses to keep current, no credentials beyond the database's — and
 * the database delivers each message to every listening node, so the sender needs no idea where the
 * others are. What it carries is small (a command, an id, a serial: far below NOTIFY's 8000 bytes) and
 * rare next to video. It is at most once: a node whose listening connection is down misses what was
 * sent meanwhile; everything sent over it has a fallback (commands time out, cameras check for
 * firmware, pages reload, the directory is in tables). Video never goes this way (the live relay does).
 *
 * <p>Two dedicated connections outside the pool: one LISTENs (a thread waits in
 * {@code PGConnection.getNotifications(timeout)}) and one sends ({@code SELECT pg_notify(...)},
 * auto-commit, from one sender thread with a bounded queue so a caller never blocks). Either is opened
 * again after it fails, with the {@code LISTEN} repeated.
 */
public final class PgNotifyBus extends BusBase {

    private static final Logger log = LoggerFactory.getLogger(PgNotifyBus.class);
    /** The one channel every node listens on. */
    static final String CHANNEL = "camcloud_cluster";
    private static final int QUEUE = 10_000;
    private static final int POLL_MILLIS = 500;
    private static final long RETRY_MILLIS = 1000;
    /**
     * How often the listening connection is asked a query: waiting for notifications alone would not
     * notice a connection a network fault left half open (no reset ever comes), and it would miss every
     * message from then on without a word.
     */
    private static final long CHECK_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final String url;
    private final ThreadPoolExecutor sender;
    private final Thread listener;
    private volatile boolean closed;
    private Connection sending; // sender thread only
    private volatile Connection listening;

    private PgNotifyBus(String url, String nodeId, Connection listening) {
        super(nodeId);
        this.url = url;
        this.listening = listening;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "cluster-notify");
            t.setDaemon(true);
            return t;
        });
        this.listener = new Thread(this::listen, "cluster-listen");
        listener.setDaemon(true);
    }

    /**
     * Starts listening on {@code jdbcUrl} (a PostgreSQL URL) as node {@code nodeId}.
     *
     * @throws DatabaseException naming the (redacted) address when PostgreSQL cannot be reached
     */
    public static PgNotifyBus start(String jdbcUrl, String nodeId) {
        PgNotifyBus bus = new PgNotifyBus(jdbcUrl, nodeId, openListening(jdbcUrl));
        bus.listener.start();
        return bus;
    }

    private static Connection openListening(String url) {
        Connection c = open(url);
        try (Statement s = c.createStatement()) {
            s.execute("LISTEN " + CHANNEL);
            return c;
        } catch (SQLException e) {
            closeQuietly(c);
            throw new DatabaseException("cannot LISTEN on PostgreSQL at " + Redact.url(url) + ": " + e.getMessage(), e);
        }
    }

    private static Connection open(String url) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new DatabaseException("cannot reach PostgreSQL at " + Redact.url(url) + " for the cluster bus: "
                    + e.getMessage(), e);
        }
    }

    @Override
    boolean transmit(String message) {
        try {
            sender.execute(() -> notify(message));
            return true;
        } catch (RejectedExecutionException e) {
            if (!closed) {
                log.warn("cluster: {} messages wait to be sent already; dropped one", QUEUE);
            }
            return false;
        }
    }

    /** On the sender thread; one retry on a fresh connection, then the message is dropped. */
    private void notify(String message) {
        for (int attempt = 0; attempt < 2 && !closed; attempt++) {
            try {
                if (sending == null) {
                    sending = open(url);
                }
                try (PreparedStatement p = sending.prepareStatement("SELECT pg_notify(?, ?)")) {
                    p.setString(1, CHANNEL);
                    p.setString(2, message);
                    p.execute();
                }
                return;
            } catch (SQLException | DatabaseException e) {
                log.warn("cluster: sending a message failed ({}), {}", e.getMessage(),
                        attempt == 0 ? "trying a new connection" : "dropped");
                closeQuietly(sending);
                sending = null;
            }
        }
    }

    /** The listening thread: waits for notifications, reconnects (and LISTENs again) after a failure. */
    private void listen() {
        long checked = System.nanoTime();
        while (!closed) {
            try {
                Connection c = listening;
                if (c == null) {
                    c = openListening(url);
                    listening = c;
                    log.info("cluster: listening again on PostgreSQL (messages sent meanwhile were missed)");
                }
                if (System.nanoTime() - checked > CHECK_NANOS) {
                    try (Statement s = c.createStatement()) {
                        s.setQueryTimeout(5);
                        s.execute("SELECT 1");
                    }
                    checked = System.nanoTime();
                }
                PGNotification[] notes = c.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (notes != null) {
                    for (PGNotification n : notes) {
                        if (CHANNEL.equals(n.getName())) {
                            received(n.getParameter());
                        }
                    }
                }
            } catch (SQLException | DatabaseException e) {
                if (closed) {
                    return;
                }
                log.warn("cluster: listening connection failed ({}); reconnecting", e.getMessage());
                closeQuietly(listening);
                listening = null;
                try {
                    Thread.sleep(RETRY_MILLIS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.shutdown();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS); // what was queued (e.g. "I am leaving") goes out
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sender.shutdownNow();
        listener.interrupt();
        try {
            listener.join(2 * POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(listening);
        closeQuietly(sending);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
