package camcloud.cli.bench;

import camcloud.cli.bench.cluster.AtRest;
import camcloud.cli.bench.cluster.BenchCluster;
import camcloud.cli.bench.cluster.ClusterOptions;
import camcloud.cli.bench.host.Machine;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench fleet}: N idle cameras connected to K nodes, all real processes on this
 * machine ({@link BenchCluster}): the time until all are connected, then what they cost at rest —
 * each node's heap after a full GC and RSS per camera, CPU over a quiet window, descriptors against
 * the limit — the same for the fleet processes, the heartbeat round trip, and the sums.
 *
 * <pre>{@code
 * ./camcloud bench fleet                                   # one node filled to ~19,000 cameras
 * ./camcloud bench fleet --cameras 70000 --nodes 4 --fleets 4 --postgres
 * }</pre>
 */
@Command(name = "fleet", mixinStandardHelpOptions = true,
        description = "Connect N idle cameras (fleet processes) to K nodes; print time to connect, memory and CPU per camera.")
public final class FleetBench implements Callable<Integer> {

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "19000", description = "Cameras. Default: ${DEFAULT-VALUE}")
    int cameras;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "1", description = "Nodes. Default: ${DEFAULT-VALUE}")
    int nodes;

    @Option(names = "--rest-seconds", paramLabel = "S", defaultValue = "30",
            description = "Quiet window for CPU at rest and heartbeat round trips. Default: ${DEFAULT-VALUE}")
    int restSeconds;

    @Mixin
    ClusterOptions cluster;

    /** Where the figures go (a test reads them). */
    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        BenchCluster.Spec spec = cluster.spec(cameras, nodes, BenchCluster.statusEveryFor(restSeconds));
        out.println(Machine.describe());
        out.printf("bench fleet: %,d cameras, %d node%s, %d fleet process%s%n", cameras, nodes, nodes == 1 ? "" : "s",
                spec.fleetCount(), spec.fleetCount() == 1 ? "" : "es");
        try (BenchCluster c = BenchCluster.start(spec, out)) {
            c.provisionAndConnect(cluster.connectTimeout());
            AtRest.Report report = AtRest.measure(c, Duration.ofSeconds(restSeconds));
            AtRest.print(report, out);
            out.printf("load average at the end: %s%n", Machine.loadAverage());
            return report.nodes().stream().allMatch(r -> r.openFiles() < AtRest.DESCRIPTOR_LIMIT) ? 0 : 1;
        }
    }
}
