package camcloud.cloud.push;

import camcloud.cloud.db.Database;
import camcloud.cloud.db.Rows;
import camcloud.cloud.event.EventJson;
import camcloud.cloud.event.StoredEvent;
import camcloud.cloud.ownership.AccessControl;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.ownership.VideoWindow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open pages of this node's users ({@code GET /api/push}, one {@link PageStream} each) and what
 * is pushed to them: {@code event} (an event started or ended, to everyone who may see it then),
 * {@code camera} (a camera came online or went offline) and whatever other parts push through
 * {@link PagePush#toUser} ({@code notification}).
 *
 * <p>Nothing is pushed on the caller's thread: messages go to one hub thread (in order; a bounded
 * queue, past which they are dropped and counted), which finds who may see a camera now — its
 * current owner and the viewers of the current ownership — asks {@link AccessControl} again for each
 * of them that has a page open (an event only inside their video windows), checks the page's session
 * is still signed in, and queues the message on each page. Every {@value #KEEP_ALIVE_SECONDS} s an
 * idle page gets a comment line (proxies and Jetty's idle timeout keep it open); every
 * {@value #SESSION_CHECK_SECONDS} s every page's session is checked, so signing out or a password
 * change elsewhere ends the stream even when nothing is pushed.
 */
public final class PushHub implements PagePush, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PushHub.class);
    static final long KEEP_ALIVE_SECONDS = 15;
    static final long SESSION_CHECK_SECONDS = 5;
    private static final int HUB_QUEUE = 10_000;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.UTF_8);
    /** The first bytes of every stream: the browser's EventSource retries after 5 s if the connection drops. */
    private static final byte[] OPENING = ": camcloud push\nretry: 5000\n\n".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** What may follow {@code event: } (a newline would let a payload forge messages). */
    private static final java.util.regex.Pattern EVENT_NAME = java.util.regex.Pattern.compile("[a-z_]{1,32}");

    /** Whether a page's session is still signed in as its user. */
    @FunctionalInterface
    public interface SessionCheck {
        boolean signedIn(String token, long userId);
    }

    private final SessionCheck sessions;
    private final AccessControl access;
    private final Database db;
    private final ConcurrentHashMap<Long, Set<PageStream>> pages = new ConcurrentHashMap<>();
    private final ThreadPoolExecutor worker;
    private final ScheduledExecutorService timer;
    private final AtomicLong droppedAtHub = new AtomicLong();

    public PushHub(SessionCheck sessions, AccessControl access, Database db) {
        this.sessions = sessions;
        this.access = access;
        this.db = db;
        this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(HUB_QUEUE), r -> {
            Thread t = new Thread(r, "push");
            t.setDaemon(true);
            return t;
        });
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "push-timer");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::keepAlive, KEEP_ALIVE_SECONDS, KEEP_ALIVE_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(() -> submit(this::checkSessions), SESSION_CHECK_SECONDS, SESSION_CHECK_SECONDS,
                TimeUnit.SECONDS);
    }

    /** Registers a page of {@code userId} opened with the session {@code token}; it starts with a comment. */
    public PageStream open(long userId, String token) {
        PageStream page = new PageStream(userId, token);
        pages.computeIfAbsent(userId, k -> ConcurrentHashMap.newKeySet()).add(page);
        page.done().whenComplete((v, e) -> forget(page));
        page.offer(OPENING);
        return page;
    }

    /** Pages open on this node. */
    public int openPages() {
        return pages.values().stream().mapToInt(Set::size).sum();
    }

    /** Messages dropped: at the hub (its queue full) and by pages too slow to take them. */
    public long droppedMessages() {
        long atPages = pages.values().stream().flatMap(Set::stream).mapToLong(PageStream::dropped).sum();
        return droppedAtHub.get() + atPages;
    }

    @Override
    public void toUser(long userId, String name, Object payload) {
        if (name == null || !EVENT_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("an SSE event name is 1 to 32 of [a-z_], was '" + name + "'");
        }
        if (!pages.containsKey(userId)) {
            return;
        }
        byte[] message = message(name, payload);
        if (message != null) {
            submit(() -> deliver(userId, message));
        }
    }

    /** An event started or ended: to everyone who may see it now, each with the camera's name as they know it. */
    public void eventChanged(StoredEvent event, boolean ended) {
        if (pages.isEmpty()) {
            return;
        }
        long startMicros = event.startMillis() * 1000;
        submit(() -> {
            for (long userId : audience(event.serial())) {
                Optional<CameraAccess> a = access.of(userId, event.serial());
                if (a.isPresent() && within(a.get().windows(), startMicros)) {
                    byte[] message = message("event", EventJson.of(event, a.get().name()));
                    if (message != null) {
                        deliver(userId, message);
                    }
                }
            }
        });
    }

    /** A camera came online or went offline on this node. Any thread (presence calls it on an event loop). */
    public void cameraChanged(String serial, boolean online) {
        if (pages.isEmpty()) {
            return;
        }
        submit(() -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("serial", serial);
            body.put("online", online);
            byte[] message = message("camera", body);
            for (long userId : audience(serial)) {
                if (access.of(userId, serial).map(CameraAccess::live).orElse(false)) {
                    deliver(userId, message);
                }
            }
        });
    }

    /** On the hub thread: the message to every page of the user whose session is still signed in. */
    private void deliver(long userId, byte[] message) {
        for (PageStream page : pages.getOrDefault(userId, Set.of())) {
            if (!sessions.signedIn(page.token(), userId)) {
                page.end();
            } else {
                page.offer(message);
            }
        }
    }

    /** Who may see the camera now, with a page open: its owner and the viewers of the current ownership. */
    private List<Long> audience(String serial) {
        List<Long> users = db.query(c -> Rows.list(c, "SELECT owner_id FROM camera_ownerships WHERE camera_serial = ? "
                + "AND to_us IS NULL UNION SELECT s.viewer_id FROM camera_shares s JOIN camera_ownerships o "
                + "ON o.id = s.ownership_id WHERE o.camera_serial = ? AND o.to_us IS NULL", p -> {
                    p.setString(1, serial);
                    p.setString(2, serial);
                }, rs -> rs.getLong(1)));
        return users.stream().filter(pages::containsKey).toList();
    }

    private static boolean within(List<VideoWindow> windows, long micros) {
        return windows.stream().anyMatch(w -> micros >= w.fromMicros() && micros < w.toMicros());
    }

    private void checkSessions() {
        java.util.Map<String, Boolean> seen = new java.util.HashMap<>();
        int ended = 0;
        for (Set<PageStream> set : pages.values()) {
            for (PageStream page : set) {
                if (!seen.computeIfAbsent(page.token() + "/" + page.userId(),
                        k -> sessions.signedIn(page.token(), page.userId()))) {
                    page.end();
                    ended++;
                }
            }
        }
        if (ended > 0) {
            log.info("push: ended {} page streams whose session ended", ended);
        }
    }

    private void keepAlive() {
        try {
            for (Set<PageStream> set : pages.values()) {
                for (PageStream page : set) {
                    if (page.idle()) {
                        page.offer(KEEP_ALIVE);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("push keep-alive failed: {}", e.toString());
        }
    }

    private void forget(PageStream page) {
        pages.computeIfPresent(page.userId(), (k, set) -> {
            set.remove(page);
            return set.isEmpty() ? null : set;
        });
    }

    private void submit(Runnable task) {
        try {
            worker.execute(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("push failed: {}", e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            if (droppedAtHub.getAndIncrement() % 1000 == 0) {
                log.warn("push: {} messages behind; dropping ({} so far)", HUB_QUEUE, droppedAtHub.get());
            }
        }
    }

    /** {@code event: NAME} and {@code data: JSON} (one line: JSON without newlines). */
    private static byte[] message(String name, Object payload) {
        try {
            return ("event: " + name + "\ndata: " + JSON.writeValueAsString(payload) + "\n\n")
                    .getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            log.warn("push: cannot write a {} message as JSON: {}", name, e.getMessage());
            return null;
        }
    }

    /** Ends every page and stops the hub's threads. */
    @Override
    public void close() {
        timer.shutdownNow();
        worker.shutdownNow();
        pages.values().forEach(set -> set.forEach(PageStream::end));
    }
}
