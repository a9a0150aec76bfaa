package camcloud.cloud.storage;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Latency of one store's operations: a timer {@code camcloud.store.OPERATION} (read, write, size,
 * delete, list, probe, sweep) tagged {@code store=video|snapshots|firmware} and {@code outcome=ok|error},
 * so a slow or failing object store shows on the node's metrics.
 */
public final class StoreMetrics {

    /** Operations of a store nobody measures (tests, tools). */
    public static StoreMetrics none(String store) {
        return new StoreMetrics(new SimpleMeterRegistry(), store);
    }

    private final MeterRegistry registry;
    private final String store;
    private final ConcurrentMap<String, Timer> timers = new ConcurrentHashMap<>();

    public StoreMetrics(MeterRegistry registry, String store) {
        this.registry = registry;
        this.store = store;
    }

    /** The store's name in the meters ({@code video}, {@code snapshots}, {@code firmware}). */
    public String store() {
        return store;
    }

    /** What an operation does; may fail with {@link IOException}. */
    @FunctionalInterface
    public interface Operation<T> {
        T run() throws IOException;
    }

    /** Runs {@code operation}, timing it under {@code camcloud.store.NAME}. */
    public <T> T time(String name, Operation<T> operation) throws IOException {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            T result = operation.run();
            outcome = "ok";
            return result;
        } finally {
            timer(name, outcome).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    private Timer timer(String name, String outcome) {
        return timers.computeIfAbsent(name + "/" + outcome, k -> Timer.builder("camcloud.store." + name)
                .description("object store " + name + " latency")
                .tag("store", store)
                .tag("outcome", outcome)
                .register(registry));
    }
}
