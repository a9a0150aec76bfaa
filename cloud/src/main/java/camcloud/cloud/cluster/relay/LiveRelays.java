package camcloud.cloud.cluster.relay;

import camcloud.cloud.cluster.CameraLocator;
import camcloud.cloud.cluster.NodeAddress;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.video.LiveDemands;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The viewers' side of live relays: a camera watched on this node but connected to another is
 * relayed from there into this node's {@link LiveHub}, as if it were connected here — so every
 * viewer gets the same live fMP4, GOP start and slow-viewer drops as for a local camera.
 *
 * <p>One relay per camera however many watch it here: the live hub tells ({@link LiveHub#onWatch})
 * when somebody starts watching; from then on the relay follows the camera's viewers
 * ({@link LiveDemands}). While there are any and the camera is not connected here, it asks the
 * {@link CameraLocator} where the camera is (a database lookup, on the blocking pool) and opens the
 * other node's {@code /internal/v1/cameras/{serial}/live} WebSocket with this node's certificate
 * ({@link NodeTls}). When the last viewer leaves, the relay closes. When the other node ends it (the
 * camera left it) or the link breaks, this node's viewers see the camera go offline as for a local
 * camera, and the relay looks the camera up again (it may have moved), with backoff while it is
 * nowhere. User access is checked here, for each viewer, before it joins (and again while it
 * watches): the other node serves any node.
 *
 * <p>Memory: each message is handed to the live hub as it arrives (non-blocking) before the next is
 * asked for, so at most one message is held per relay; a slow link backs up into the other node's
 * bounded relay queue, which drops to the next keyframe.
 */
public final class LiveRelays implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveRelays.class);
    /** Larger than any unit a camera may send (keyframes of big pictures): a bigger message ends the link. */
    static final int MAX_MESSAGE_BYTES = 16 << 20;
    private static final long FIRST_RETRY_MILLIS = 250;
    private static final long MAX_RETRY_MILLIS = 5000;
    /** The other node pings every 15 s: a link silent this long is dead (killed node, cut network). */
    private static final long SILENT_LINK_MILLIS = 45_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final LiveHub hub;
    private final HttpClient client;
    private final Predicate<String> connectedHere;
    private final Executor lookups;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-relays");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Relay> relays = new ConcurrentHashMap<>();
    private volatile CameraLocator locator;
    private volatile boolean closed;

    /**
     * @param hub           this node's live hub, fed with relayed cameras
     * @param tls           this node's client identity
     * @param locator       where cameras are (replace it with {@link #locateWith} once the directory runs)
     * @param connectedHere whether a camera is connected to this node (then the gateway feeds the hub)
     * @param lookups       where locator lookups run (they block on the database)
     */
    public LiveRelays(LiveHub hub, NodeTls tls, CameraLocator locator, Predicate<String> connectedHere,
                      Executor lookups) {
        this.hub = hub;
        this.locator = locator;
        this.connectedHere = connectedHere;
        this.lookups = lookups;
        SSLParameters tls13 = new SSLParameters();
        tls13.setProtocols(new String[] {"TLSv1.3"});
        this.client = HttpClient.newBuilder().sslContext(tls.context()).sslParameters(tls13)
                .connectTimeout(CONNECT_TIMEOUT).build();
        hub.onWatch(this::watching);
        timer.scheduleWithFixedDelay(this::closeSilentLinks, 5, 5, TimeUnit.SECONDS);
    }

    public void locateWith(CameraLocator locator) {
        this.locator = locator;
    }

    /** Somebody started watching {@code serial} here: make sure its relay follows its viewers. */
    void watching(String serial) {
        if (!closed) {
            relays.computeIfAbsent(serial, Relay::new).follow();
        }
    }

    /** True while the camera's video comes from another node over an open link. */
    public boolean relaying(String serial) {
        Relay r = relays.get(serial);
        return r != null && r.linked();
    }

    /** Open links to other nodes now. */
    public int links() {
        return (int) relays.values().stream().filter(Relay::linked).count();
    }

    @Override
    public void close() {
        closed = true;
        relays.values().forEach(Relay::stop);
        timer.shutdownNow();
    }

    private void closeSilentLinks() {
        long now = System.nanoTime();
        relays.values().forEach(r -> r.closeIfSilent(now));
    }

    /** One camera watched here: its viewers' demand, and the link while it is relayed. */
    private final class Relay {
        private final String serial;
        private LiveDemands.Following following;
        private boolean wanted;
        private boolean lookingUp;
        private RelayLink link;
        private ScheduledFuture<?> retry;
        private long backoff = FIRST_RETRY_MILLIS;

        Relay(String serial) {
            this.serial = serial;
        }

        synchronized void follow() {
            if (following == null) {
                // Told under the live stream's lock: handled on the timer thread, never here.
                following = hub.follow(serial, w -> execute(() -> demand(w)));
            }
        }

        synchronized boolean linked() {
            return link != null && link.open();
        }

        private void execute(Runnable r) {
            try {
                timer.execute(r);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }

        private void demand(boolean w) {
            RelayLink ending;
            synchronized (this) {
                wanted = w && !closed;
                if (wanted) {
                    attempt();
                    return;
                }
                cancelRetry();
                backoff = FIRST_RETRY_MILLIS;
                ending = link;
                link = null;
            }
            if (ending != null) {
                log.info("live relay of camera {} from node {} closed: no viewers left here", serial,
                        ending.node().nodeId());
                ending.close();
            }
        }

        /** Under the lock: looks the camera up unless it is linked, being looked up, or local. */
        private void attempt() {
            if (!wanted || link != null || lookingUp) {
                return;
            }
            if (connectedHere.test(serial)) {
                retryLater(MAX_RETRY_MILLIS); // the gateway feeds the hub; check again should it leave
                return;
            }
            lookingUp = true;
            try {
                lookups.execute(this::lookUp);
            } catch (RejectedExecutionException e) {
                lookingUp = false;
                retryLater(nextBackoff());
            }
        }

        private void lookUp() {
            Optional<NodeAddress> node;
            RelayLink opening;
            CameraLocator where = locator;
            try {
                node = where.nodeOf(serial);
            } catch (RuntimeException e) {
                log.warn("live relay of camera {}: cannot look it up: {}", serial, e.toString());
                node = Optional.empty();
            }
            synchronized (this) {
                lookingUp = false;
                if (!wanted) {
                    return;
                }
                if (node.isEmpty() || node.get().nodeId().equals(where.self().nodeId())) {
                    retryLater(nextBackoff()); // offline, or here: viewers see what the hub shows
                    return;
                }
                opening = new RelayLink(node.get());
                link = opening;
            }
            opening.connect();
        }

        private long nextBackoff() {
            long b = backoff;
            backoff = Math.min(MAX_RETRY_MILLIS, backoff * 2);
            return b;
        }

        private void retryLater(long millis) {
            cancelRetry();
            try {
                retry = timer.schedule(() -> {
                    synchronized (this) {
                        retry = null;
                        attempt();
                    }
                }, millis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing
            }
        }

        private void cancelRetry() {
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }

        /** A link ended from its side (the other node closed it, or it broke). */
        void ended(RelayLink which, String why) {
            synchronized (this) {
                if (which != link) {
                    return;
                }
                link = null;
                if (wanted) {
                    log.info("live relay of camera {} from node {} ended ({}); looking it up again", serial,
                            which.node().nodeId(), why);
                    if (which.healthy()) {
                        backoff = FIRST_RETRY_MILLIS; // it worked: the camera probably just moved
                    }
                    retryLater(nextBackoff());
                }
            }
        }

        void closeIfSilent(long now) {
            RelayLink l;
            synchronized (this) {
                l = link;
            }
            if (l != null && l.silentSince(now) > TimeUnit.MILLISECONDS.toNanos(SILENT_LINK_MILLIS)) {
                l.fail("nothing heard for " + SILENT_LINK_MILLIS / 1000 + " s");
            }
        }

        void stop() {
            LiveDemands.Following f;
            synchronized (this) {
                f = following;
                following = null;
            }
            if (f != null) {
                f.stop();
            }
            demand(false);
        }

        /** One WebSocket to the camera's node. */
        private final class RelayLink extends RelayReceiver {
            RelayLink(NodeAddress node) {
                super(serial, node, hub, MAX_MESSAGE_BYTES);
            }

            void connect() {
                URI uri = URI.create(node().baseUrl().replaceFirst("^https", "wss") + "/internal/v1/cameras/"
                        + URLEncoder.encode(serial, StandardCharsets.UTF_8) + "/live");
                client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, this)
                        .whenComplete((socket, failure) -> {
                            if (failure != null) {
                                fail("cannot open: " + rootMessage(failure));
                            } else {
                                opened(socket);
                            }
                        });
            }

            @Override
            protected void ended(String why) {
                Relay.this.ended(this, why);
            }
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.toString();
    }
}
