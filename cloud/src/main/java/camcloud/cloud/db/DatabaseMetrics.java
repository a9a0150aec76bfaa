package camcloud.cloud.db;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The database's meters, all tagged with the engine:
 * <ul>
 *   <li>{@code camcloud.db.work} (timer; {@code kind} query or transaction, {@code outcome} ok or
 *       error): how long work took, waiting for a connection and retries included;</li>
 *   <li>{@code camcloud.db.connection.wait} (timer) and {@code camcloud.db.connection.timeouts}
 *       (counter): waiting for a pooled connection;</li>
 *   <li>{@code camcloud.db.transaction.retries} (counter): PostgreSQL transactions run again after
 *       a serialization failure or deadlock;</li>
 *   <li>{@code camcloud.db.pool.active / idle / pending / max} (gauges): the HikariCP pool.</li>
 * </ul>
 */
final class DatabaseMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Counter retries;
    private final Counter timeouts;
    private final Timer wait;
    /** camcloud.db.work by kind (query, transaction) and outcome (ok, error). */
    private final Timer queryOk;
    private final Timer queryError;
    private final Timer transactionOk;
    private final Timer transactionError;
    private final List<Meter> meters = new ArrayList<>();

    DatabaseMetrics(MeterRegistry registry, Engine engine, HikariDataSource pool) {
        this.registry = registry;
        this.tags = Tags.of("engine", engine.name().toLowerCase(java.util.Locale.ROOT));
        retries = keep(Counter.builder("camcloud.db.transaction.retries").tags(tags)
                .description("transactions run again after a serialization failure or deadlock").register(registry));
        timeouts = keep(Counter.builder("camcloud.db.connection.timeouts").tags(tags)
                .description("callers that found no free connection in time").register(registry));
        wait = keep(Timer.builder("camcloud.db.connection.wait").tags(tags)
                .description("time to get a pooled connection").register(registry));
        queryOk = workTimer("query", "ok");
        queryError = workTimer("query", "error");
        transactionOk = workTimer("transaction", "ok");
        transactionError = workTimer("transaction", "error");
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        gauge("camcloud.db.pool.active", "connections in use", bean, HikariPoolMXBean::getActiveConnections);
        gauge("camcloud.db.pool.idle", "connections open and free", bean, HikariPoolMXBean::getIdleConnections);
        gauge("camcloud.db.pool.pending", "callers waiting for a connection", bean,
                HikariPoolMXBean::getThreadsAwaitingConnection);
        gauge("camcloud.db.pool.max", "the pool's size", pool, HikariDataSource::getMaximumPoolSize);
    }

    void query(boolean ok, long nanos) {
        (ok ? queryOk : queryError).record(nanos, TimeUnit.NANOSECONDS);
    }

    void transaction(boolean ok, long nanos) {
        (ok ? transactionOk : transactionError).record(nanos, TimeUnit.NANOSECONDS);
    }

    void retried() {
        retries.increment();
    }

    void borrowed(long nanos) {
        wait.record(nanos, TimeUnit.NANOSECONDS);
    }

    void borrowTimedOut() {
        timeouts.increment();
    }

    /** Removes the meters: a closed database must not report a pool that is gone. */
    void close() {
        synchronized (meters) {
            meters.forEach(registry::remove);
            meters.clear();
        }
    }

    private Timer workTimer(String kind, String outcome) {
        return keep(Timer.builder("camcloud.db.work").tags(tags).tag("kind", kind).tag("outcome", outcome)
                .description("database work, waiting for a connection and retries included").register(registry));
    }

    private <T> void gauge(String name, String description, T target, ToDoubleFunction<T> value) {
        keep(Gauge.builder(name, target, value).tags(tags).description(description).register(registry));
    }

    private <M extends Meter> M keep(M meter) {
        synchronized (meters) {
            meters.add(meter);
        }
        return meter;
    }
}
