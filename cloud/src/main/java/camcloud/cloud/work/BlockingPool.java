package camcloud.cloud.work;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's blocking work pool: database and store work off the Netty event loops. Bounded threads
 * and a bounded queue, and no caller-runs fallback: when both are full, {@link #execute} counts the
 * rejection and throws {@link Overloaded}, and the caller tells its client to come back later (a
 * camera gets {@code Goodbye OVERLOADED "retry later"}, an HTTP client a 503). Running the work on
 * the caller's thread instead would put a database call on an event loop, stalling every camera of
 * that loop exactly when the node is busiest.
 *
 * <p>Meters ({@link #bindTo}): {@code camcloud.blocking.active}, {@code camcloud.blocking.queued},
 * {@code camcloud.blocking.completed} and {@code camcloud.blocking.rejections}.
 */
public final class BlockingPool implements Executor, MeterBinder, AutoCloseable {

    /** Threads and queue of a node with the default settings. */
    public static final int DEFAULT_THREADS = 8;
    /**
     * Tasks that may wait. Long enough to ride out a reconnect wave of a few thousand cameras, short
     * enough that a queued camera still hears back well within its handshake deadline.
     */
    public static final int DEFAULT_QUEUE = 2_000;
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final Logger log = LoggerFactory.getLogger(BlockingPool.class);

    /** The pool is full: the work was not started and will not be. */
    public static final class Overloaded extends RejectedExecutionException {
        Overloaded(String message) {
            super(message);
        }
    }

    private final String name;
    private final ThreadPoolExecutor executor;
    private final LongAdder rejections = new LongAdder();
    private final AtomicLong lastWarned = new AtomicLong();

    /**
     * @param name    thread name prefix ({@code name-1}, {@code name-2}…)
     * @param threads worker threads (all started on demand, kept while the node runs)
     * @param queue   tasks that may wait for a thread
     */
    public BlockingPool(String name, int threads, int queue) {
        if (threads < 1 || queue < 1) {
            throw new IllegalArgumentException("a blocking pool needs at least one thread and one queue slot");
        }
        this.name = name;
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, name + "-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (r, pool) -> {
                    if (pool.isShutdown()) {
                        throw new Overloaded(name + " is shut down");
                    }
                    rejections.increment();
                    String full = name + " is full (" + threads + " threads busy, " + queue + " tasks waiting)";
                    warnNowAndThen(full);
                    throw new Overloaded(full);
                });
    }

    /**
     * Runs {@code task} on a pool thread.
     *
     * @throws Overloaded when every thread is busy and the queue is full (counted), or the pool is shut down
     */
    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    /**
     * One warning per {@link #WARN_EVERY_NANOS} however many refusals: under overload every camera
     * of a reconnect wave is refused, and a line each would flood the log (callers log at debug).
     */
    private void warnNowAndThen(String full) {
        long now = System.nanoTime();
        long last = lastWarned.get();
        if ((last == 0 || now - last >= WARN_EVERY_NANOS) && lastWarned.compareAndSet(last, now)) {
            log.warn("{}: work refused, clients told to retry later ({} refusals since the start, "
                    + "see camcloud.blocking.rejections)", full, rejections.sum());
        }
    }

    /** True when {@code error} (or what it wraps, as a {@code CompletableFuture} does) is a rejection. */
    public static boolean isRejection(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RejectedExecutionException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Tasks refused since the start because the pool was full. */
    public long rejections() {
        return rejections.sum();
    }

    /** The pool's threads (all busy: work waits in the queue). */
    public int threads() {
        return executor.getMaximumPoolSize();
    }

    /** Threads running a task now. */
    public int active() {
        return executor.getActiveCount();
    }

    /** Tasks waiting for a thread now. */
    public int queued() {
        return executor.getQueue().size();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("camcloud.blocking.active", this, BlockingPool::active)
                .description("threads of the blocking pool (database and store work) running a task")
                .tag("pool", name).register(registry);
        Gauge.builder("camcloud.blocking.queued", this, BlockingPool::queued)
                .description("tasks waiting for a thread of the blocking pool")
                .tag("pool", name).register(registry);
        FunctionCounter.builder("camcloud.blocking.completed", executor, ThreadPoolExecutor::getCompletedTaskCount)
                .description("tasks the blocking pool finished")
                .tag("pool", name).register(registry);
        FunctionCounter.builder("camcloud.blocking.rejections", rejections, LongAdder::sum)
                .description("tasks refused because the blocking pool was full (clients were told to retry later)")
                .tag("pool", name).register(registry);
    }

    /** Stops taking work and waits up to {@code timeout} for what was taken. */
    public void shutdown(long timeout, TimeUnit unit) {
        executor.shutdown();
        try {
            executor.awaitTermination(timeout, unit);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        shutdown(5, TimeUnit.SECONDS);
    }
}
