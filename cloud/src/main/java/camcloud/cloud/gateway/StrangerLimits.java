package camcloud.cloud.gateway;

import camcloud.protocol.FrameLimits;
import java.time.Duration;

/**
 * What the gateway allows a stranger: a connection that has not authenticated yet. Every connection
 * starts as one; a camera stops being one when it is welcomed (certificate and Hello checked against
 * the registry), a factory connection when it proved it knows the operator token.
 *
 * @param deadline    from accept to authenticated: the TLS handshake and the first exchange (a
 *                    camera's Hello, the factory's provisioning request)
 * @param perAddress  strangers at once from one source address (an IPv6 /64 counts as one address);
 *                    0 = no per-address limit, for a node behind a TCP load balancer whose
 *                    connections all come from the balancer's address
 * @param total       strangers at once on the node, whatever their address: the descriptors and
 *                    handshakes strangers can take from real cameras
 * @param frameLimits frames a stranger may send, and a provisioning connection for its whole life
 */
public record StrangerLimits(Duration deadline, int perAddress, int total, FrameLimits frameLimits) {

    /**
     * A handshake and a Hello take milliseconds, so 5 s only sheds the silent; 32 per address lets a
     * NAT of cameras reconnect together; 500 on the node bounds the connections shaking hands at once
     * (more wait in the accept backlog, see {@link GatewayAcceptor}): enough to keep the cores busy
     * while Hello lookups wait on the database, few enough that each finishes inside its 5 s even at
     * 100 connects per second (a loaded 2-core node), and the cameras already connected wait behind
     * no more than that.
     */
    public static final StrangerLimits DEFAULT = new StrangerLimits(Duration.ofSeconds(5), 32, 500,
            FrameLimits.UNAUTHENTICATED);

    public StrangerLimits {
        if (deadline == null || deadline.toMillis() < 100 || deadline.toMinutes() > 10) {
            throw new IllegalArgumentException(
                    "gateway.unauthenticated.seconds must be between 0.1 and 600, was " + seconds(deadline));
        }
        if (perAddress < 0) {
            throw new IllegalArgumentException(
                    "gateway.unauthenticated.per.address must be 0 (no limit) or more, was " + perAddress);
        }
        if (total < 1) {
            throw new IllegalArgumentException("gateway.unauthenticated.max must be at least 1, was " + total);
        }
        if (frameLimits == null) {
            throw new IllegalArgumentException("frame limits for unauthenticated connections are required");
        }
    }

    public StrangerLimits withDeadline(Duration d) {
        return new StrangerLimits(d, perAddress, total, frameLimits);
    }

    public StrangerLimits withPerAddress(int n) {
        return new StrangerLimits(deadline, n, total, frameLimits);
    }

    public StrangerLimits withTotal(int n) {
        return new StrangerLimits(deadline, perAddress, n, frameLimits);
    }

    private static String seconds(Duration d) {
        return d == null ? "nothing" : String.valueOf(d.toMillis() / 1000.0);
    }
}
