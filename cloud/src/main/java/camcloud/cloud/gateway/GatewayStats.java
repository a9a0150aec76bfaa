package camcloud.cloud.gateway;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

/**
 * What the gateway did with strangers, as Micrometer meters: {@code camcloud.gateway.strangers.closed}
 * (a counter per {@link Closed} reason, tag {@code reason}) and {@code camcloud.gateway.strangers}
 * (strangers connected now); camera handshakes ({@code camcloud.gateway.handshakes}, tag {@code result}
 * {@code ok} or {@code failed}, tag {@code resumed} {@code true} when the TLS handshake of a welcomed
 * camera resumed a session); and the command acks that came too late
 * ({@code camcloud.gateway.command.acks.late}). The counts run from the start; {@link #bindTo} publishes them in a
 * registry (the node's Prometheus registry, once it has one) and {@link #closed(Closed)} reads them.
 *
 * <p>Thread-safe: every event loop counts.
 */
public final class GatewayStats implements MeterBinder {

    /** Why the gateway closed a connection before it authenticated. */
    public enum Closed {
        /** Refused at accept: its address had {@link StrangerLimits#perAddress()} strangers already. */
        PER_ADDRESS_LIMIT,
        /** Refused at accept: the node had {@link StrangerLimits#total()} strangers already. */
        NODE_LIMIT,
        /** It sent something that is not TLS. */
        NOT_TLS,
        /** Its TLS handshake failed (a certificate the platform CA did not issue, a TLS version we refuse, …). */
        TLS_FAILED,
        /** No TLS handshake within the deadline. */
        NO_TLS_HANDSHAKE,
        /** TLS, but no Hello or provisioning request within the deadline. */
        NO_FIRST_MESSAGE,
        /** A broken or oversized frame before it authenticated. */
        MALFORMED_FRAME;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Closed, LongAdder> closed = new EnumMap<>(Closed.class);
    private final LongAdder lateCommandAcks = new LongAdder();
    private final LongAdder welcomed = new LongAdder();
    private final LongAdder welcomedResumed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final IntSupplier strangersNow;

    /** {@code strangersNow} tells how many strangers are connected at the moment. */
    GatewayStats(IntSupplier strangersNow) {
        this.strangersNow = strangersNow;
        for (Closed reason : Closed.values()) {
            closed.put(reason, new LongAdder());
        }
    }


    void count(Closed reason) {
        closed.get(reason).increment();
    }

    /** Connections closed for {@code reason} since the gateway started. */
    public long closed(Closed reason) {
        return closed.get(reason).sum();
    }

    void lateCommandAck() {
        lateCommandAcks.increment();
    }

    /**
     * Acks of commands that were no longer waiting (timed out, or an id never sent): ignored, counted
     * here ({@code camcloud.gateway.command.acks.late}).
     */
    public long lateCommandAcks() {
        return lateCommandAcks.sum();
    }

    /** A camera was welcomed; {@code resumed}: its TLS handshake resumed an earlier session. */
    void welcomed(boolean resumed) {
        (resumed ? welcomedResumed : welcomed).increment();
    }

    void refused() {
        refused.increment();
    }

    /** Camera handshakes that ended in Welcome. */
    public long handshakesOk() {
        return welcomed.sum() + welcomedResumed.sum();
    }

    /** Camera handshakes that ended in Welcome after a TLS handshake that resumed a session (a ticket). */
    public long handshakesResumed() {
        return welcomedResumed.sum();
    }

    /**
     * Camera handshakes that failed: TLS never came up (not TLS, a failed or missing TLS handshake),
     * or the session was closed before Welcome (refused Hello, unknown certificate, no Hello in time,
     * node overloaded). Connections refused at accept ({@link Closed#PER_ADDRESS_LIMIT},
     * {@link Closed#NODE_LIMIT}) never started a handshake and are not counted here.
     */
    public long handshakesFailed() {
        return refused.sum() + closed(Closed.NOT_TLS) + closed(Closed.TLS_FAILED) + closed(Closed.NO_TLS_HANDSHAKE);
    }

    /** Strangers connected now. */
    public int strangers() {
        return strangersNow.getAsInt();
    }

    private static final String HANDSHAKES = "camera handshakes: ok = welcomed, failed = TLS or Hello refused or "
            + "not finished; resumed = the TLS handshake resumed a session (a ticket, from any node)";

    private static void handshakes(MeterRegistry registry, String result, String resumed, LongAdder count) {
        FunctionCounter.builder("camcloud.gateway.handshakes", count, LongAdder::sum)
                .description(HANDSHAKES)
                .tags("result", result, "resumed", resumed)
                .register(registry);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Closed reason : Closed.values()) {
            FunctionCounter.builder("camcloud.gateway.strangers.closed", closed.get(reason), LongAdder::sum)
                    .description("connections the camera gateway closed before they authenticated")
                    .tag("reason", reason.tag())
                    .register(registry);
        }
        FunctionCounter.builder("camcloud.gateway.command.acks.late", lateCommandAcks, LongAdder::sum)
                .description("command acks from cameras that came after the command had timed out")
                .register(registry);
        // One set of tag keys for the name (Prometheus wants it): a failed handshake resumed nothing.
        handshakes(registry, "ok", "false", welcomed);
        handshakes(registry, "ok", "true", welcomedResumed);
        FunctionCounter.builder("camcloud.gateway.handshakes", this, GatewayStats::handshakesFailed)
                .description(HANDSHAKES)
                .tags("result", "failed", "resumed", "false")
                .register(registry);
        Gauge.builder("camcloud.gateway.strangers", this, GatewayStats::strangers)
                .description("connections to the camera gateway that have not authenticated yet")
                .register(registry);
    }
}
