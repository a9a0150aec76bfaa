package camcloud.cloud.recording;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recorder's threads: they run cameras' turns, looking for work every {@link #TICK_NANOS} rather
 * than being woken for each task. A real-time camera sends one unit at a time, so a pool that wakes a
 * thread per task (a futex wake and two context switches per frame, 3,000 a second for 200 cameras)
 * spends more of the node's CPU on waking than on writing. Here a busy thread never sleeps, an idle one
 * naps a tick, and a unit waits at most a tick before it is written — nothing waits on it sooner, since
 * cameras are acknowledged per segment. A long queue still wakes a sleeper at once.
 */
final class RecorderThreads implements Executor {

    private static final Logger log = LoggerFactory.getLogger(RecorderThreads.class);
    /** How long an idle thread naps before it looks again: the most a queued turn waits. */
    static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Past this many queued turns a sleeping thread is woken rather than left to its tick. */
    private static final int WAKE_ABOVE = 64;

    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread[] threads;
    private volatile boolean stopping;

    RecorderThreads(int count, String name) {
        threads = new Thread[count];
        for (int i = 0; i < count; i++) {
            threads[i] = new Thread(this::work, name + "-" + (i + 1));
            threads[i].setDaemon(true);
            threads[i].start();
        }
    }

    @Override
    public void execute(Runnable task) {
        if (stopping) {
            throw new RejectedExecutionException("recorder threads are stopping");
        }
        tasks.add(task);
        if (queued.incrementAndGet() > WAKE_ABOVE) {
            for (Thread t : threads) {
                LockSupport.unpark(t);
            }
        }
    }

    /** Turns queued now still run; new ones are refused. */
    void shutdown() {
        stopping = true;
        for (Thread t : threads) {
            LockSupport.unpark(t);
        }
    }

    /** Waits until every thread ended (after {@link #shutdown}), at most {@code timeout}. */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            if (t.isAlive()) {
                return false;
            }
        }
        return true;
    }

    private void work() {
        while (true) {
            Runnable task = tasks.poll();
            if (task == null) {
                if (stopping) {
                    return;
                }
                LockSupport.parkNanos(this, TICK_NANOS);
                continue;
            }
            queued.decrementAndGet();
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("recorder task failed", e);
            }
        }
    }
}
