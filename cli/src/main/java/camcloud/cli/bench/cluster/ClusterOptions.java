package camcloud.cli.bench.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options {@code bench fleet} and {@code bench reconnect} share: how the processes are set up. */
public final class ClusterOptions {

    @Option(names = "--fleets", paramLabel = "F", defaultValue = "0",
            description = "Fleet processes (each at most 18,000 cameras). Default: as many as needed, at least one per node")
    int fleets;

    @Option(names = "--postgres", description = "Nodes share a PostgreSQL started by the benchmark even when there is one node "
            + "(always with several nodes).")
    boolean postgres;

    @Option(names = "--db", paramLabel = "JDBC-URL", description = "Use this database instead of starting PostgreSQL.")
    String database;

    @Option(names = "--dir", paramLabel = "DIR", description = "Working directory (kept). Default: a temporary one, removed at the end")
    Path dir;

    @Option(names = "--node-heap", paramLabel = "SIZE", defaultValue = "2g", description = "Each node's -Xmx. Default: ${DEFAULT-VALUE}")
    String nodeHeap;

    @Option(names = "--fleet-heap", paramLabel = "SIZE", defaultValue = "2g", description = "Each fleet's -Xmx. Default: ${DEFAULT-VALUE}")
    String fleetHeap;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A node setting (repeatable), e.g. --set gateway.tls.provider=jdk")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "900",
            description = "Give up when the cameras are not all connected by then. Default: ${DEFAULT-VALUE}")
    int connectTimeoutSeconds;

    /** The set-up for {@code cameras} cameras on {@code nodes} nodes, fleets reporting every {@code statusEvery} s. */
    public BenchCluster.Spec spec(int cameras, int nodes, int statusEvery) {
        return new BenchCluster.Spec(cameras, nodes, fleets, postgres, database, dir, List.of("-Xmx" + nodeHeap),
                List.of("-Xmx" + fleetHeap), Map.copyOf(settings), statusEvery);
    }

    public Duration connectTimeout() {
        return Duration.ofSeconds(connectTimeoutSeconds);
    }
}
