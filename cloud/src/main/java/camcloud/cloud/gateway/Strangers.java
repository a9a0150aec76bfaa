package camcloud.cloud.gateway;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The node's count of strangers (connections that have not authenticated yet), per source address
 * and in total, against {@link StrangerLimits}. A connection takes a place when it is accepted, before
 * its TLS handshake, and gives it back when it authenticates or closes; authenticated cameras never
 * count, however many share one NAT address.
 *
 * <p>Thread-safe: connections of every event loop take and give back places. The map holds only
 * addresses with a stranger right now, so it is bounded by {@link StrangerLimits#total()}.
 */
final class Strangers {

    /** Why a connection was turned away at accept. */
    enum Refusal { PER_ADDRESS_LIMIT, NODE_LIMIT }

    private final StrangerLimits limits;
    private final ConcurrentHashMap<String, Integer> perAddress = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private volatile Runnable placeFreed = () -> { };

    Strangers(StrangerLimits limits) {
        this.limits = limits;
    }

    /** Who hears that a place was given back (any thread, after the count went down). */
    void onPlaceFreed(Runnable listener) {
        this.placeFreed = listener;
    }

    /** Every place on the node is taken. */
    boolean full() {
        return total.get() >= limits.total();
    }

    /** A place for a new connection from {@code remote}, or a refusal when its address or the node has none left. */
    Admission admit(SocketAddress remote) {
        if (total.incrementAndGet() > limits.total()) {
            total.decrementAndGet();
            return new Admission(null, Refusal.NODE_LIMIT);
        }
        String address = addressOf(remote);
        if (limits.perAddress() > 0) {
            boolean[] full = {false};
            perAddress.compute(address, (a, n) -> {
                int now = n == null ? 0 : n;
                full[0] = now >= limits.perAddress();
                return full[0] ? n : now + 1;
            });
            if (full[0]) {
                total.decrementAndGet();
                return new Admission(null, Refusal.PER_ADDRESS_LIMIT);
            }
        }
        return new Admission(address, null);
    }

    /** Strangers connected right now. */
    int open() {
        return total.get();
    }

    /**
     * What limits count as one address: an IPv4 address, or an IPv6 /64 (one subscriber's network:
     * a single IPv6 host can pick any address in it).
     */
    static String addressOf(SocketAddress remote) {
        if (!(remote instanceof InetSocketAddress socket) || socket.getAddress() == null) {
            return String.valueOf(remote);
        }
        InetAddress address = socket.getAddress();
        if (address instanceof Inet6Address) {
            byte[] b = address.getAddress();
            return String.format("%02x%02x:%02x%02x:%02x%02x:%02x%02x::/64",
                    b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);
        }
        return address.getHostAddress();
    }

    /** A connection's place among the strangers (or its refusal); {@link #release()} gives the place back once. */
    final class Admission {
        private final String address;
        private final Refusal refusal;
        private final AtomicBoolean released = new AtomicBoolean();

        private Admission(String address, Refusal refusal) {
            this.address = address;
            this.refusal = refusal;
        }

        boolean admitted() {
            return refusal == null;
        }

        /** Why the connection was refused; null when it was admitted. */
        Refusal refusal() {
            return refusal;
        }

        /** Gives the place back (the connection authenticated or closed); later calls do nothing. */
        void release() {
            if (refusal != null || !released.compareAndSet(false, true)) {
                return;
            }
            if (limits.perAddress() > 0) {
                perAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
            }
            total.decrementAndGet();
            placeFreed.run();
        }
    }
}
