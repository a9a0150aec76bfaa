package camcloud.cloud.work;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.netty.util.concurrent.FastThreadLocalThread;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches that blocking work (a database call) never runs on a Netty event loop. The database calls
 * {@link #blockingCall(String)} before it takes a connection; on an event loop thread that is a bug
 * (one slow query would stall every camera of that loop), so it is counted
 * ({@code camcloud.eventloop.blocking.calls}), logged once with its stack, and told to the test hook.
 * The call itself goes on: refusing it would turn a latency bug into lost data.
 *
 * <p>Netty's event loop threads are {@link FastThreadLocalThread}s (its default thread factory);
 * no other thread of the node is one.
 */
public final class EventLoopGuard {

    private static final Logger log = LoggerFactory.getLogger(EventLoopGuard.class);
    private static final LongAdder violations = new LongAdder();
    private static final AtomicBoolean logged = new AtomicBoolean();
    /** Test hook: told the thread of every blocking call, wherever it runs. */
    private static volatile Consumer<Thread> watcher;

    private EventLoopGuard() {
    }

    /** Called by blocking work ({@code what}: e.g. "database") before it blocks. */
    public static void blockingCall(String what) {
        Thread thread = Thread.currentThread();
        Consumer<Thread> w = watcher;
        if (w != null) {
            w.accept(thread);
        }
        if (onEventLoop(thread)) {
            violations.increment();
            if (logged.compareAndSet(false, true)) {
                log.error("BUG: {} call on event loop thread {} (logged once; see camcloud.eventloop.blocking.calls)",
                        what, thread.getName(), new IllegalStateException("blocking call on an event loop"));
            }
        }
    }

    /** True on a Netty event loop thread. */
    public static boolean onEventLoop(Thread thread) {
        return thread instanceof FastThreadLocalThread;
    }

    /** Blocking calls made on event loop threads since the JVM started. */
    public static long violations() {
        return violations.sum();
    }

    /**
     * Tests: {@code watcher} hears the thread of every blocking call from now on (null stops it).
     * One watcher per JVM; tests that set it must not run in parallel with each other.
     */
    public static void watch(Consumer<Thread> watcher) {
        EventLoopGuard.watcher = watcher;
    }

    /** Publishes the count of violations. */
    public static MeterBinder meters() {
        return registry -> FunctionCounter.builder("camcloud.eventloop.blocking.calls", violations, LongAdder::sum)
                .description("blocking calls (database) made on a Netty event loop thread: a bug if above zero")
                .register(registry);
    }
}
