package camcloud.device.agent;

import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/**
 * What agents count, shared by every agent of a fleet (one instance in their {@link AgentSettings}):
 * TLS handshakes (and how many resumed a session), dials after the first (reconnects) and
 * heartbeat round trips (Heartbeat sent → its HeartbeatAck read), which
 * {@link #takeRoundTrips()} hands out and forgets. Thread-safe.
 */
public final class AgentMeters {

    /** Round trips kept between two {@link #takeRoundTrips()} at most; later ones are dropped and counted. */
    static final int MAX_ROUND_TRIPS = 1 << 20;

    private final LongAdder handshakes = new LongAdder();
    private final LongAdder resumedHandshakes = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private long[] roundTripNanos = new long[1024];
    private int roundTrips;

    /** The round trips taken since the last call, sorted, in nanoseconds. */
    public record RoundTrips(long[] sortedNanos) {
        public int count() {
            return sortedNanos.length;
        }

        /** The {@code q} quantile (0..1) in milliseconds; 0 without round trips. */
        public double quantileMillis(double q) {
            if (sortedNanos.length == 0) {
                return 0;
            }
            int index = (int) Math.min(sortedNanos.length - 1, Math.max(0, Math.ceil(q * sortedNanos.length) - 1));
            return sortedNanos[index] / 1e6;
        }
    }

    void handshake(boolean resumed) {
        handshakes.increment();
        if (resumed) {
            resumedHandshakes.increment();
        }
    }

    void reconnect() {
        reconnects.increment();
    }

    synchronized void roundTrip(long nanos) {
        if (roundTrips == roundTripNanos.length) {
            if (roundTrips >= MAX_ROUND_TRIPS) {
                return;
            }
            roundTripNanos = Arrays.copyOf(roundTripNanos, roundTrips * 2);
        }
        roundTripNanos[roundTrips++] = nanos;
    }

    /** TLS handshakes that completed. */
    public long handshakes() {
        return handshakes.sum();
    }

    /** Of {@link #handshakes()}, those that resumed a session (known with the OpenSSL engine only). */
    public long resumedHandshakes() {
        return resumedHandshakes.sum();
    }

    /** Dials after an agent's first one. */
    public long reconnects() {
        return reconnects.sum();
    }

    /** The heartbeat round trips since the last call, and forgets them. */
    public RoundTrips takeRoundTrips() {
        long[] taken;
        synchronized (this) {
            taken = Arrays.copyOf(roundTripNanos, roundTrips);
            roundTrips = 0;
            if (roundTripNanos.length > 4096) {
                roundTripNanos = new long[1024];
            }
        }
        Arrays.sort(taken);
        return new RoundTrips(taken);
    }
}
