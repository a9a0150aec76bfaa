package camcloud.cli.bench.cluster;

import camcloud.cli.bench.host.Jcmd;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.cli.bench.host.ProcFs;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What connected, idle cameras cost, measured from outside the processes: CPU used over a quiet
 * window ({@code /proc/PID/stat}), then heap after a full GC ({@code jcmd}), resident memory and
 * open descriptors ({@code /proc}), each divided by the process's cameras; and the heartbeat
 * round trip the fleets saw during the window.
 */
public final class AtRest {

    /** The descriptor limit of every process here (hard, cannot be raised). */
    public static final long DESCRIPTOR_LIMIT = 20_000;

    /** One process's figures. {@code cpuMillisPerSecond}: CPU milliseconds it used per second of the window. */
    public record Row(String name, long cameras, long heapBytes, long rssBytes, double cpuMillisPerSecond,
                      long openFiles) {

        double perCamera(long bytes) {
            return cameras == 0 ? Double.NaN : bytes / 1024.0 / cameras;
        }
    }

    /**
     * Heartbeat round trips during the window: {@code p50} the heartbeat-weighted mean of the fleets'
     * per-line medians, {@code p99} the worst line's 99th percentile (percentiles do not add up: this
     * is an upper bound). NaN when the fleets do not report them.
     */
    public record Rtt(long heartbeats, double p50Ms, double p99Ms) {
    }

    public record Report(List<Row> nodes, List<Row> fleets, Rtt rtt, Duration window) {

        public Row nodeSum() {
            return sum("all nodes", nodes);
        }

        public Row fleetSum() {
            return sum("all fleets", fleets);
        }

        private static Row sum(String name, List<Row> rows) {
            return new Row(name, rows.stream().mapToLong(Row::cameras).sum(), rows.stream().mapToLong(Row::heapBytes).sum(),
                    rows.stream().mapToLong(Row::rssBytes).sum(),
                    rows.stream().mapToDouble(Row::cpuMillisPerSecond).sum(),
                    rows.stream().mapToLong(Row::openFiles).sum());
        }
    }

    private AtRest() {
    }

    /** Measures the running nodes and the fleets over {@code window}, then collects and weighs them. */
    public static Report measure(BenchCluster cluster, Duration window) throws IOException, InterruptedException {
        List<NodeProcess> nodes = cluster.running();
        List<FleetProcess> fleets = cluster.fleets();
        long[] nodeCpu = new long[nodes.size()];
        long[] fleetCpu = new long[fleets.size()];
        for (int i = 0; i < nodes.size(); i++) {
            nodeCpu[i] = ProcFs.cpuMillis(nodes.get(i).pid());
        }
        for (int i = 0; i < fleets.size(); i++) {
            fleetCpu[i] = ProcFs.cpuMillis(fleets.get(i).pid());
        }
        long t0 = System.nanoTime();
        Thread.sleep(window.toMillis());
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Row> nodeRows = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProcess node = nodes.get(i);
            double cpu = (ProcFs.cpuMillis(node.pid()) - nodeCpu[i]) / seconds;
            nodeRows.add(row(node.id(), node.pid(), NodeMetrics.scrape(node).connected(), cpu));
        }
        Rtt rtt = rtt(fleets, t0);
        List<Row> fleetRows = new ArrayList<>();
        for (int i = 0; i < fleets.size(); i++) {
            FleetProcess fleet = fleets.get(i);
            double cpu = (ProcFs.cpuMillis(fleet.pid()) - fleetCpu[i]) / seconds;
            fleetRows.add(row(fleet.id(), fleet.pid(), fleet.count(), cpu));
        }
        return new Report(nodeRows, fleetRows, rtt, window);
    }

    private static Row row(String name, long pid, long cameras, double cpuMillisPerSecond)
            throws IOException, InterruptedException {
        Jcmd.fullGc(pid);
        return new Row(name, cameras, Jcmd.heapUsedBytes(pid), ProcFs.rssBytes(pid), cpuMillisPerSecond,
                ProcFs.openFiles(pid));
    }

    private static Rtt rtt(List<FleetProcess> fleets, long sinceNanos) {
        long count = 0;
        double weighted = 0;
        double p99 = Double.NaN;
        for (FleetProcess fleet : fleets) {
            for (FleetStatus s : fleet.since(sinceNanos)) {
                if (s.rttCount() > 0 && !Double.isNaN(s.rttP50Ms())) {
                    count += s.rttCount();
                    weighted += s.rttP50Ms() * s.rttCount();
                    if (!Double.isNaN(s.rttP99Ms())) {
                        p99 = Double.isNaN(p99) ? s.rttP99Ms() : Math.max(p99, s.rttP99Ms());
                    }
                }
            }
        }
        return new Rtt(count, count == 0 ? Double.NaN : weighted / count, p99);
    }

    /** Prints the table: one line per process, a sum per kind, the round trip and the descriptor budget. */
    public static void print(Report r, PrintStream out) {
        out.printf("at rest (CPU over %d s, memory after a full GC):%n", r.window().toSeconds());
        String header = "  %-10s %8s %12s %12s %10s %10s %16s %12s%n";
        out.printf(header, "process", "cameras", "heap/camera", "RSS/camera", "heap", "RSS", "CPU at rest", "descriptors");
        for (Row row : r.nodes()) {
            line(row, out);
        }
        line(r.nodeSum(), out);
        for (Row row : r.fleets()) {
            line(row, out);
        }
        line(r.fleetSum(), out);
        Rtt rtt = r.rtt();
        if (rtt.heartbeats() == 0) {
            out.println("heartbeat RTT: n/a (the fleets reported no heartbeat round trips)");
        } else {
            out.printf(Locale.ROOT, "heartbeat RTT: p50 %.1f ms, p99 %.1f ms (%,d heartbeats)%n", rtt.p50Ms(), rtt.p99Ms(),
                    rtt.heartbeats());
        }
        for (Row row : r.nodes()) {
            String verdict = row.openFiles() < DESCRIPTOR_LIMIT ? "within" : "OVER";
            out.printf("descriptors: %s holds %,d for %,d cameras (sockets, database pool, files): %s the %,d limit%n",
                    row.name(), row.openFiles(), row.cameras(), verdict, DESCRIPTOR_LIMIT);
        }
    }

    private static void line(Row row, PrintStream out) {
        out.printf(Locale.ROOT, "  %-10s %,8d %8.1f KiB %8.1f KiB %6d MiB %6d MiB %5.1f%% of a core %,12d%n", row.name(),
                row.cameras(), row.perCamera(row.heapBytes()), row.perCamera(row.rssBytes()), row.heapBytes() >> 20,
                row.rssBytes() >> 20, row.cpuMillisPerSecond() / 10, row.openFiles());
    }
}
