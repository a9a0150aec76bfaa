package camcloud.cloud.notify;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns a camera's raw online/offline changes into the few an owner should hear of:
 *
 * <ul>
 *   <li>"offline" only after the camera has stayed offline for the grace period (a reconnect within
 *       it says nothing);</li>
 *   <li>"back online" only when "offline" was reported;</li>
 *   <li>at most {@link NotifySettings#flapMax} reports per camera in any {@link NotifySettings#flapWindow}:
 *       the one that reaches the cap is an "unstable" summary, then the camera is muted until the
 *       summary leaves the window; then, if its state is not the one last reported, that state is
 *       reported (so a camera that ended the storm offline is still reported offline).</li>
 * </ul>
 *
 * <p>A camera that came back on another node within the grace period ({@link SeenElsewhere}) is not
 * reported offline.
 *
 * <p>Not thread-safe: every call, and every task it gives {@link Timers}, must run on one thread
 * (the {@link Notifier}'s). State is kept per camera in memory on the node the camera is connected
 * to, and dropped once a camera is online with nothing to remember.
 */
final class FlapDamper {

    /** Schedules work on the damper's own thread. */
    interface Timers {
        /** Runs {@code task} after {@code delay}; the result cancels it. */
        Runnable schedule(Duration delay, Runnable task);
    }

    /** A report the owner should hear of. */
    record Report(String serial, boolean online, boolean unstable, int changes, Duration window) {
    }

    interface Reports {
        void report(Report report);
    }

    /**
     * Whether another node has seen the camera since it went offline here (its last-seen time in the
     * database is later): behind a load balancer a camera may come back on another node, which this
     * node never hears of.
     */
    interface SeenElsewhere {
        boolean since(String serial, long offlineSinceMillis);
    }

    private enum Told { NOTHING, OFFLINE, ONLINE }

    private static final class Camera {
        boolean online;
        long offlineSinceMillis;
        Runnable cancelGrace;
        Told told = Told.NOTHING;
        final ArrayDeque<Long> sentMillis = new ArrayDeque<>();
        boolean muted;
    }

    private final NotifySettings settings;
    private final Clock clock;
    private final Timers timers;
    private final Reports reports;
    private final SeenElsewhere seenElsewhere;
    private final Map<String, Camera> cameras = new HashMap<>();

    FlapDamper(NotifySettings settings, Clock clock, Timers timers, Reports reports) {
        this(settings, clock, timers, reports, (serial, since) -> false);
    }

    FlapDamper(NotifySettings settings, Clock clock, Timers timers, Reports reports, SeenElsewhere seenElsewhere) {
        this.settings = settings;
        this.clock = clock;
        this.timers = timers;
        this.reports = reports;
        this.seenElsewhere = seenElsewhere;
    }

    void changed(String serial, boolean online) {
        Camera c = cameras.computeIfAbsent(serial, s -> new Camera());
        if (c.online == online && c.told != Told.NOTHING) {
            return; // nothing new (the first online of a camera is new: it is the start of its record)
        }
        c.online = online;
        if (!online) {
            c.offlineSinceMillis = clock.millis();
            if (!c.muted && c.cancelGrace == null) {
                c.cancelGrace = timers.schedule(settings.offlineGrace(), () -> graceOver(serial));
            }
            return;
        }
        if (c.cancelGrace != null) {
            c.cancelGrace.run(); // back within the grace period: nothing to say
            c.cancelGrace = null;
        } else if (!c.muted && c.told == Told.OFFLINE) {
            send(serial, c, true);
        }
        if (c.told == Told.NOTHING) {
            c.told = Told.ONLINE;
        }
        forgetIfIdle(serial, c);
    }

    /** Cameras with state kept (for tests and metrics). */
    int tracked() {
        return cameras.size();
    }

    /** Whether the camera is offline and waiting for its grace period to end. */
    boolean waitingForGrace(String serial) {
        Camera c = cameras.get(serial);
        return c != null && c.cancelGrace != null;
    }

    private void graceOver(String serial) {
        Camera c = cameras.get(serial);
        if (c == null) {
            return;
        }
        c.cancelGrace = null;
        if (!c.online && !c.muted && c.told != Told.OFFLINE) {
            if (seenElsewhere.since(serial, c.offlineSinceMillis)) {
                cameras.remove(serial); // online on another node: that node tells what happens next
                return;
            }
            send(serial, c, false);
        }
    }

    private void send(String serial, Camera c, boolean online) {
        long now = clock.millis();
        prune(c, now);
        c.told = online ? Told.ONLINE : Told.OFFLINE;
        c.sentMillis.addLast(now);
        boolean unstable = c.sentMillis.size() >= settings.flapMax();
        if (unstable) {
            c.muted = true;
            timers.schedule(settings.flapWindow(), () -> unmute(serial));
        }
        reports.report(new Report(serial, online, unstable, c.sentMillis.size(), settings.flapWindow()));
    }

    /** The summary left the window: report the state the camera is in now, if it is not the one told. */
    private void unmute(String serial) {
        Camera c = cameras.get(serial);
        if (c == null) {
            return;
        }
        c.muted = false;
        if (c.online && c.told == Told.OFFLINE) {
            send(serial, c, true);
        } else if (!c.online && c.told != Told.OFFLINE) {
            Duration left = settings.offlineGrace().minusMillis(clock.millis() - c.offlineSinceMillis);
            c.cancelGrace = timers.schedule(left.isNegative() ? Duration.ZERO : left, () -> graceOver(serial));
        }
        forgetIfIdle(serial, c);
    }

    private void prune(Camera c, long now) {
        long windowStart = now - settings.flapWindow().toMillis();
        while (!c.sentMillis.isEmpty() && c.sentMillis.peekFirst() <= windowStart) {
            c.sentMillis.removeFirst();
        }
    }

    private void forgetIfIdle(String serial, Camera c) {
        prune(c, clock.millis());
        if (c.online && c.cancelGrace == null && !c.muted && c.sentMillis.isEmpty()) {
            cameras.remove(serial);
        }
    }
}
