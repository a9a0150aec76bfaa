package camcloud.cloud.config;

import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * This node's place among several that share one database and one store (part of
 * {@link CloudConfig}), with its properties keys:
 *
 * <ul>
 *   <li>{@code node.id} — the node's name in the directory (default: generated at each start);</li>
 *   <li>{@code node.advertise} — the host other nodes reach this node at, on its camera HTTPS port
 *       (node-to-node calls and live relay, mutual TLS with node certificates of the shared CA);
 *       default: the first of {@code gateway.names};</li>
 *   <li>{@code node.lease.seconds} — how long the directory believes a node that stopped renewing
 *       (default 15, 3 to 300): a camera on a dead node is shown on it no longer than this;</li>
 *   <li>{@code node.drain.seconds} — how long a graceful stop (SIGTERM) waits for its cameras to
 *       move before it closes what is left (default 20, 0 to 600).</li>
 * </ul>
 */
public record ClusterConfig(String nodeId, String advertiseHost, Duration lease, Duration drain) {

    public static final Set<String> KEYS = Set.of("node.id", "node.advertise", "node.lease.seconds", "node.drain.seconds");

    public ClusterConfig {
        nodeId = nodeId == null ? "" : nodeId.strip();
        advertiseHost = advertiseHost == null ? "" : advertiseHost.strip();
        if (!nodeId.isEmpty() && !nodeId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("node.id must be 1 to 64 letters, digits, '.', '_' or '-', was '"
                    + nodeId + "'");
        }
        if (lease == null || lease.toMillis() < 3000 || lease.toSeconds() > 300) {
            throw new IllegalArgumentException("node.lease.seconds must be between 3 and 300, was "
                    + (lease == null ? null : lease.toMillis() / 1000.0));
        }
        if (drain == null || drain.isNegative() || drain.toSeconds() > 600) {
            throw new IllegalArgumentException("node.drain.seconds must be between 0 and 600, was "
                    + (drain == null ? null : drain.toMillis() / 1000.0));
        }
    }

    public static ClusterConfig defaults() {
        return new ClusterConfig("", "", Duration.ofSeconds(15), Duration.ofSeconds(20));
    }

    public ClusterConfig withNodeId(String id) {
        return new ClusterConfig(id, advertiseHost, lease, drain);
    }

    public ClusterConfig withLease(Duration l) {
        return new ClusterConfig(nodeId, advertiseHost, l, drain);
    }

    ClusterConfig with(Properties p) {
        return new ClusterConfig(p.getProperty("node.id", nodeId), p.getProperty("node.advertise", advertiseHost),
                p.containsKey("node.lease.seconds")
                        ? Settings.seconds(p, "node.lease.seconds") : lease,
                p.containsKey("node.drain.seconds")
                        ? Settings.seconds(p, "node.drain.seconds") : drain);
    }
}
