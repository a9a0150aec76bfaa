package camcloud.cli.bench.cluster;

import camcloud.cli.bench.host.Metrics;
import camcloud.cli.bench.host.NodeProcess;
import java.io.IOException;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A node's connection figures as its operator sees them ({@link NodeProcess#metrics()}): only the
 * meters the fleet benchmarks read are named here.
 */
public final class NodeMetrics {

    /** A node's counters at one moment. {@code resumedOk} is empty when the node does not tag handshakes with {@code resumed}. */
    public record Snapshot(long connected, long handshakesOk, OptionalDouble resumedOk) {
    }

    private NodeMetrics() {
    }

    public static Snapshot scrape(NodeProcess node) throws IOException, InterruptedException {
        Metrics m = node.metrics();
        return new Snapshot(m.count("camcloud_cameras_connected"),
                (long) m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok")).orElse(0),
                m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok", "resumed", "true")));
    }
}
