package camcloud.cloud.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The node's meter registry, scraped by Prometheus ({@code GET /metrics}). Made once per node by
 * {@code CloudServer} and passed to every part that publishes meters (they take a plain
 * {@link MeterRegistry}, so tests can pass a {@code SimpleMeterRegistry}). It starts with the JVM and
 * process basics: memory, GC, threads, classes, CPU, uptime, and open/maximum file descriptors
 * ({@code process_files_open_files}, {@code process_files_max_files}) — a node's cameras each hold a
 * descriptor, so that pair says how close it is to its limit.
 */
public final class NodeMetrics implements AutoCloseable {

    /** The Prometheus text format this registry writes (version 0.0.4). */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();

    public NodeMetrics() {
        for (MeterBinder jvm : new MeterBinder[] {new JvmMemoryMetrics(), gc, new JvmThreadMetrics(),
                new ClassLoaderMetrics(), new ProcessorMetrics(), new UptimeMetrics(), new FileDescriptorMetrics()}) {
            jvm.bindTo(registry);
        }
    }

    /** Where parts register their meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** Publishes {@code binder}'s meters; returns this. */
    public NodeMetrics bind(MeterBinder binder) {
        binder.bindTo(registry);
        return this;
    }

    /** Every meter in the Prometheus text format ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape(CONTENT_TYPE);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
