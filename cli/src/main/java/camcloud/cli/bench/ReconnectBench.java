package camcloud.cli.bench;

import camcloud.cli.bench.cluster.AtRest;
import camcloud.cli.bench.cluster.BenchCluster;
import camcloud.cli.bench.cluster.ClusterOptions;
import camcloud.cli.bench.cluster.FleetProcess;
import camcloud.cli.bench.cluster.FleetStatus;
import camcloud.cli.bench.cluster.NodeMetrics;
import camcloud.cli.bench.host.Machine;
import camcloud.cli.bench.host.NodeProcess;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench reconnect}: the reconnect storm. The fleet of {@code bench fleet} connected
 * to K nodes; the node holding the most cameras is killed with {@code kill -9}; its cameras dial the
 * next node in their list. Prints the time until the surviving nodes hold every camera again (and the
 * fleets' status lines say every camera is online), the
 * peak handshakes per second they took (sampled every second from
 * {@code camcloud_gateway_handshakes_total}) with the share that resumed a TLS session, and how many
 * cameras gave up (must be 0: exit code 1 otherwise).
 *
 * <p>With {@code --rest-seconds S} it first measures the connected cluster at rest as {@code bench
 * fleet} does, so one run gives both figures for a large fleet.
 *
 * <pre>{@code ./camcloud bench reconnect --cameras 70000 --nodes 5 --fleets 4 --rest-seconds 30}</pre>
 */
@Command(name = "reconnect", mixinStandardHelpOptions = true,
        description = "Kill -9 one full node; time until all its cameras are back on the others, peak handshakes/s.")
public final class ReconnectBench implements Callable<Integer> {

    @Option(names = "--cameras", paramLabel = "N", defaultValue = "4000", description = "Cameras. Default: ${DEFAULT-VALUE}")
    int cameras;

    @Option(names = "--nodes", paramLabel = "K", defaultValue = "2", description = "Nodes (at least 2). Default: ${DEFAULT-VALUE}")
    int nodes;

    @Option(names = "--rest-seconds", paramLabel = "S", defaultValue = "0",
            description = "Before the kill, measure the cluster at rest over S seconds as bench fleet does (memory and "
                    + "CPU per camera, heartbeat round trips): one run for both figures. Default: ${DEFAULT-VALUE} (skip)")
    int restSeconds;

    @Mixin
    ClusterOptions cluster;

    /** Where the figures go (a test reads them). */
    PrintStream out = System.out;

    /** The storm as the surviving nodes saw it. */
    private record Storm(long backNanos, double peakPerSecond, long handshakes, long resumed, boolean resumedTagged) {
    }

    @Override
    public Integer call() throws Exception {
        if (nodes < 2) {
            throw new IllegalArgumentException("--nodes must be at least 2 (the cameras need somewhere to go), was " + nodes);
        }
        BenchCluster.Spec spec = cluster.spec(cameras, nodes, restSeconds > 0 ? BenchCluster.statusEveryFor(restSeconds) : 1);
        out.println(Machine.describe());
        out.printf("bench reconnect: %,d cameras, %d nodes, %d fleet process%s%n", cameras, nodes, spec.fleetCount(),
                spec.fleetCount() == 1 ? "" : "es");
        try (BenchCluster c = BenchCluster.start(spec, out)) {
            c.provisionAndConnect(cluster.connectTimeout());
            if (restSeconds > 0) {
                AtRest.print(AtRest.measure(c, Duration.ofSeconds(restSeconds)), out);
            }
            NodeProcess victim = fullest(c.running());
            long victimCameras = NodeMetrics.scrape(victim).connected();
            out.printf("killing %s (kill -9), which holds %,d cameras; load average %s%n", victim.id(), victimCameras,
                    Machine.loadAverage());
            long[] fleetBefore = fleetHandshakes(c.fleets());
            long killed = System.nanoTime();
            victim.kill();
            Storm storm = await(c, killed);
            Thread.sleep(2000); // one more status line from every fleet
            long[] fleetAfter = fleetHandshakes(c.fleets());
            out.printf("back: all %,d cameras on the surviving nodes %s after the kill (%s)%n", cameras,
                    BenchCluster.seconds(storm.backNanos() - killed), c.fleetSummary());
            out.println("survivors now hold: " + holdings(c.running()));
            out.printf(Locale.ROOT, "peak handshakes: %.0f a second (%,d handshakes on the survivors during the storm)%n",
                    storm.peakPerSecond(), storm.handshakes());
            out.println(resumedShare(storm, fleetBefore, fleetAfter));
            long gaveUp = gaveUp(c.fleets());
            out.println(gaveUp == FleetStatus.ABSENT ? "gave up: n/a (the fleets do not report it)" : "gave up: " + gaveUp);
            out.printf("load average at the end: %s%n", Machine.loadAverage());
            return gaveUp > 0 ? 1 : 0;
        }
    }

    /**
     * The share of the storm's handshakes that resumed a TLS session: as the nodes counted it when
     * they tag their handshakes with {@code resumed}, otherwise as the fleets counted it.
     */
    private static String resumedShare(Storm storm, long[] fleetBefore, long[] fleetAfter) {
        if (storm.resumedTagged() && storm.handshakes() > 0) {
            return String.format(Locale.ROOT, "resumed TLS sessions: %.0f%% (%,d of %,d, as the nodes counted)",
                    100.0 * storm.resumed() / storm.handshakes(), storm.resumed(), storm.handshakes());
        }
        long handshakes = fleetAfter[0] - fleetBefore[0];
        long resumed = fleetAfter[1] - fleetBefore[1];
        if (fleetBefore[0] < 0 || fleetAfter[0] < 0 || fleetBefore[1] < 0 || fleetAfter[1] < 0 || handshakes <= 0) {
            return "resumed TLS sessions: n/a (neither the nodes nor the fleets count them)";
        }
        return String.format(Locale.ROOT, "resumed TLS sessions: %.0f%% (%,d of %,d, as the fleets counted)",
                100.0 * resumed / handshakes, resumed, handshakes);
    }

    /** The fleets' handshake and resumed-handshake totals now; -1 for a total a fleet does not report. */
    private static long[] fleetHandshakes(List<FleetProcess> fleets) {
        long[] sums = {0, 0};
        for (FleetProcess fleet : fleets) {
            FleetStatus s = fleet.latest();
            sums[0] = s == null || s.handshakes() == FleetStatus.ABSENT || sums[0] < 0 ? -1 : sums[0] + s.handshakes();
            sums[1] = s == null || s.resumedHandshakes() == FleetStatus.ABSENT || sums[1] < 0 ? -1
                    : sums[1] + s.resumedHandshakes();
        }
        return sums;
    }

    /** {@code node1 17,493 cameras, node3 17,512 cameras}: how the killed node's cameras spread. */
    private static String holdings(List<NodeProcess> nodes) throws IOException, InterruptedException {
        List<String> parts = new ArrayList<>();
        for (NodeProcess node : nodes) {
            parts.add(String.format("%s %,d cameras", node.id(), NodeMetrics.scrape(node).connected()));
        }
        return String.join(", ", parts);
    }

    private static NodeProcess fullest(List<NodeProcess> nodes) throws IOException, InterruptedException {
        NodeProcess fullest = nodes.get(0);
        long most = -1;
        for (NodeProcess node : nodes) {
            long connected = NodeMetrics.scrape(node).connected();
            if (connected > most) {
                most = connected;
                fullest = node;
            }
        }
        return fullest;
    }

    /** Samples the survivors every second until they hold every camera; the peak is the largest one-second rise. */
    private Storm await(BenchCluster c, long killed) throws IOException, InterruptedException {
        List<NodeProcess> survivors = new ArrayList<>(c.running());
        long deadline = killed + cluster.connectTimeout().toNanos();
        Sample first = sample(survivors);
        Sample previous = first;
        double peak = 0;
        long nextReport = killed + 10_000_000_000L;
        while (true) {
            Thread.sleep(1000);
            Sample now = sample(survivors);
            peak = Math.max(peak, (now.handshakes - previous.handshakes) / ((now.nanos - previous.nanos) / 1e9));
            previous = now;
            if (now.connected >= cameras && fleetsSayAllOnline(c.fleets())) {
                return new Storm(now.nanos, peak, now.handshakes - first.handshakes, now.resumed - first.resumed,
                        now.resumedTagged);
            }
            if (now.nanos > deadline) {
                throw new IOException("only " + now.connected + " of " + cameras + " cameras back after "
                        + BenchCluster.seconds(now.nanos - killed) + "; " + c.fleetSummary());
            }
            if (now.nanos > nextReport) {
                out.printf("  %,d of %,d back after %s (%s)%n", now.connected, cameras,
                        BenchCluster.seconds(now.nanos - killed), c.fleetSummary());
                nextReport += 10_000_000_000L;
            }
        }
    }

    /** True when every fleet that reports {@code online} says all its cameras are; fleets that do not report it are not waited for. */
    private static boolean fleetsSayAllOnline(List<FleetProcess> fleets) {
        for (FleetProcess fleet : fleets) {
            FleetStatus s = fleet.latest();
            if (s == null || (s.online() != FleetStatus.ABSENT && s.online() < fleet.count())) {
                return false;
            }
        }
        return true;
    }

    private record Sample(long nanos, long connected, long handshakes, long resumed, boolean resumedTagged) {
    }

    private static Sample sample(List<NodeProcess> nodes) throws IOException, InterruptedException {
        long connected = 0;
        long handshakes = 0;
        long resumed = 0;
        boolean tagged = true;
        for (NodeProcess node : nodes) {
            NodeMetrics.Snapshot s = NodeMetrics.scrape(node);
            connected += s.connected();
            handshakes += s.handshakesOk();
            tagged &= s.resumedOk().isPresent();
            resumed += (long) s.resumedOk().orElse(0);
        }
        return new Sample(System.nanoTime(), connected, handshakes, resumed, tagged);
    }

    /** Cameras whose agent stopped trying, over all fleets; {@link FleetStatus#ABSENT} when no fleet reports it. */
    private static long gaveUp(List<FleetProcess> fleets) {
        long sum = FleetStatus.ABSENT;
        for (FleetProcess fleet : fleets) {
            FleetStatus s = fleet.latest();
            if (s != null && s.gaveUp() != FleetStatus.ABSENT) {
                sum = Math.max(sum, 0) + s.gaveUp();
            }
        }
        return sum;
    }
}
