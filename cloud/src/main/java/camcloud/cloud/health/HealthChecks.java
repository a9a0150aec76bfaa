package camcloud.cloud.health;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's health: named checks each part registers ({@code database}, {@code store}, {@code disk},
 * and e.g. the recorder's backlog as a lambda), asked together by {@code GET /health}.
 *
 * <p>Made so a hanging engine cannot pile up work: each check runs on a thread of its own, at most
 * one run of a check at a time, and is waited for at most {@code timeout}; a check still running
 * from before is reported down ("no answer") without being started again. A report is reused for
 * {@code cacheFor}, and callers meanwhile wait for the one report being made, so any number of
 * load-balancer probes cost one run of each check per period.
 */
public final class HealthChecks implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HealthChecks.class);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_CACHE = Duration.ofSeconds(1);

    /** The node's health: ok when every check is; checks by name. */
    public record Report(boolean ok, Map<String, HealthCheck.Status> checks) {
    }

    private final Duration timeout;
    private final long cacheNanos;
    private final Map<String, HealthCheck> checks = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<HealthCheck.Status>> running = new ConcurrentHashMap<>();
    private final ExecutorService threads;
    private Report last;
    private long lastAt;

    public HealthChecks() {
        this(DEFAULT_TIMEOUT, DEFAULT_CACHE);
    }

    public HealthChecks(Duration timeout, Duration cacheFor) {
        this.timeout = timeout;
        this.cacheNanos = cacheFor.toNanos();
        AtomicInteger n = new AtomicInteger();
        // At most one thread per check (one run each at a time): bounded by the checks registered.
        this.threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "health-check-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Adds (or replaces) the check called {@code name} ({@code [a-z0-9_.-]+}); returns what removes it.
     */
    public Runnable register(String name, HealthCheck check) {
        if (!name.matches("[a-z0-9_.-]+")) {
            throw new IllegalArgumentException("check names are lower-case words, was '" + name + "'");
        }
        checks.put(name, check);
        synchronized (this) {
            last = null;
        }
        return () -> {
            checks.remove(name, check);
            synchronized (this) {
                last = null;
            }
        };
    }

    /** The node's health now (at most {@code cacheFor} old). Blocks at most about {@code timeout}. */
    public synchronized Report report() {
        long now = System.nanoTime();
        if (last != null && now - lastAt < cacheNanos) {
            return last;
        }
        Map<String, CompletableFuture<HealthCheck.Status>> asked = new LinkedHashMap<>();
        new TreeMap<>(checks).forEach((name, check) -> asked.put(name, start(name, check)));
        long deadline = now + timeout.toNanos();
        Map<String, HealthCheck.Status> results = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, CompletableFuture<HealthCheck.Status>> e : asked.entrySet()) {
            HealthCheck.Status status = await(e.getKey(), e.getValue(), deadline);
            results.put(e.getKey(), status);
            ok &= status.ok();
        }
        last = new Report(ok, Collections.unmodifiableMap(results));
        lastAt = System.nanoTime();
        return last;
    }

    /** The run of {@code check} now: the one still going from before, or a new one. */
    private CompletableFuture<HealthCheck.Status> start(String name, HealthCheck check) {
        CompletableFuture<HealthCheck.Status> before = running.get(name);
        if (before != null && !before.isDone()) {
            return before;
        }
        CompletableFuture<HealthCheck.Status> run = CompletableFuture.supplyAsync(() -> {
            try {
                HealthCheck.Status status = check.check();
                return status == null ? HealthCheck.Status.down("check gave no answer") : status;
            } catch (Exception | LinkageError e) {
                log.warn("health check {} failed: {}", name, e.toString());
                return HealthCheck.Status.down("check failed");
            }
        }, threads);
        running.put(name, run);
        return run;
    }

    private HealthCheck.Status await(String name, CompletableFuture<HealthCheck.Status> run, long deadline) {
        try {
            return run.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            log.warn("health check {} gave no answer within {} ms", name, timeout.toMillis());
            return HealthCheck.Status.down("no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            return HealthCheck.Status.down("check failed");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return HealthCheck.Status.down("interrupted");
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
