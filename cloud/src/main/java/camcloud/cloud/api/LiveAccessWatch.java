package camcloud.cloud.api;

import camcloud.cloud.account.Sessions;
import camcloud.cloud.account.User;
import camcloud.cloud.ownership.AccessControl;
import camcloud.cloud.ownership.CameraAccess;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks every open live stream's right to go on, once a second, from the database: the session it
 * was opened with must still be signed in (sign-out and a password change end sessions) and its user
 * must still be allowed live video of the camera (not released, not changed owner, share not
 * revoked). A stream that lost its right is ended with close code 1008 and the reason. Access that
 * ends therefore ends live video within about a second, on whichever node the viewer is.
 *
 * <p>One round asks the database once per distinct session and once per distinct user and camera,
 * however many streams share them.
 */
final class LiveAccessWatch implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveAccessWatch.class);
    /** WebSocket close code "policy violation": the client must not reconnect by itself. */
    static final int ACCESS_ENDED = 1008;
    private static final long PERIOD_MILLIS = 1000;

    /** An open stream: who opened it with which session, on which camera, and how to end it. */
    record Stream(String token, long userId, String serial, Ender ender) {
    }

    /** Ends a stream with a WebSocket close code and a reason the viewer is shown. */
    interface Ender {
        void end(int code, String reason);
    }

    private final Sessions sessions;
    private final AccessControl access;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-access-watch");
        t.setDaemon(true);
        return t;
    });

    LiveAccessWatch(Sessions sessions, AccessControl access) {
        this.sessions = sessions;
        this.access = access;
        timer.scheduleWithFixedDelay(this::checkQuietly, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    void add(String id, Stream stream) {
        streams.put(id, stream);
    }

    void remove(String id) {
        streams.remove(id);
    }

    /** One round: ends every stream whose right is gone; returns how many. */
    int check() {
        Map<String, Optional<User>> users = new HashMap<>();
        Map<String, Boolean> allowed = new HashMap<>();
        int ended = 0;
        for (Map.Entry<String, Stream> e : streams.entrySet()) {
            Stream s = e.getValue();
            Optional<User> user = users.computeIfAbsent(s.token(), sessions::user);
            String reason = null;
            if (user.isEmpty() || user.get().id() != s.userId()) {
                reason = "signed out";
            } else if (!allowed.computeIfAbsent(s.userId() + "/" + s.serial(), k -> access.of(s.userId(), s.serial())
                    .map(CameraAccess::live).orElse(false))) {
                reason = "your access to this camera ended";
            }
            if (reason != null && streams.remove(e.getKey(), s)) {
                ended++;
                log.info("live view of camera {} ended: {}", s.serial(), reason);
                try {
                    s.ender().end(ACCESS_ENDED, reason);
                } catch (RuntimeException ex) {
                    log.debug("closing a live view failed: {}", ex.toString());
                }
            }
        }
        return ended;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            log.warn("live access check failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
