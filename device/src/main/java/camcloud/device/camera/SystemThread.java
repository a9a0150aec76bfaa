package camcloud.device.camera;

import java.util.ArrayDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera's system thread — boots, updates and reboots, one at a time in order — without a thread
 * of its own: tasks queue per camera and run on threads shared by every camera of the process,
 * started when there is work and ended after a minute idle. An idle fleet of 18,000 cameras has no
 * system thread at all; a rollout that updates a thousand at once gets as many as it needs (an
 * update blocks on downloads). Delays wait on one shared timer thread ({@link #timer()}), which
 * also runs the cameras' short timed tasks directly.
 */
final class SystemThread {

    private static final Logger log = LoggerFactory.getLogger(SystemThread.class);
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(daemon("camera-system"));
    private static final ScheduledThreadPoolExecutor TIMER = timerThread();

    private final String serial;
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final java.util.Set<ScheduledFuture<?>> delayed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Thread runningOn;
    private boolean draining;
    private boolean shutdown;

    SystemThread(String serial) {
        this.serial = serial;
    }

    /** The shared timer: for short tasks only (a status to send), never for anything that blocks. */
    static ScheduledExecutorService timer() {
        return TIMER;
    }

    void execute(Runnable task) {
        synchronized (tasks) {
            if (shutdown) {
                return;
            }
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        WORKERS.execute(this::drain);
    }

    void schedule(Runnable task, long delay, TimeUnit unit) {
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        synchronized (tasks) {
            if (shutdown) {
                return;
            }
            self[0] = TIMER.schedule(() -> {
                delayed.remove(self[0]);
                execute(task);
            }, delay, unit);
            delayed.add(self[0]);
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (tasks) {
                next = shutdown ? null : tasks.poll();
                if (next == null) {
                    draining = false;
                    runningOn = null;
                    tasks.notifyAll();
                    return;
                }
                runningOn = Thread.currentThread();
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                log.warn("camera {}: system task failed: {}", serial, e.toString());
            } finally {
                synchronized (tasks) {
                    runningOn = null;
                }
                Thread.interrupted(); // an interrupt meant for this camera's task must not reach the next
            }
        }
    }

    /** Drops queued and delayed tasks and interrupts the one running, as a power cut would. */
    void shutdownNow() {
        synchronized (tasks) {
            shutdown = true;
            tasks.clear();
            delayed.forEach(f -> f.cancel(false));
            delayed.clear();
            if (runningOn != null) {
                runningOn.interrupt();
            }
        }
    }

    /** Waits until no task of this camera runs; true when none does. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long end = System.nanoTime() + unit.toNanos(timeout);
        synchronized (tasks) {
            while (draining) {
                long left = end - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(tasks, left);
            }
            return true;
        }
    }

    private static ScheduledThreadPoolExecutor timerThread() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemon("camera-system-timer"));
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
