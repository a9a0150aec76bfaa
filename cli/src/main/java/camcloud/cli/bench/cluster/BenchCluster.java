package camcloud.cli.bench.cluster;

import camcloud.cli.bench.host.Machine;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.cloud.config.Redact;
import camcloud.cloud.db.PostgresLauncher;
import camcloud.device.identity.CameraConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import java.util.stream.LongStream;

/**
 * The whole set-up of the fleet benchmarks on this machine, as processes: one PostgreSQL started
 * from the distribution's binaries (when several nodes must share a database), K
 * {@code camcloud server} nodes, and F {@code camcloud fleet} processes. Fleet {@code i} (from 0)
 * holds an even share of the cameras, connects from {@code 127.<i+1>.0.0/16}, and its cameras know
 * every node, node {@code i % K} first: so the cameras start spread over the nodes, and when theirs
 * dies they move to the next in their list, which differs from camera to camera
 * ({@link #fallbackOrders}) so that they spread over the survivors.
 *
 * <p>{@link #close()} ends every process it started, also from a shutdown hook (Ctrl-C), and
 * removes the working directory when it made it.
 */
public final class BenchCluster implements AutoCloseable {

    /** The most cameras one fleet process holds: under its 20,000 descriptors with room for the JVM's own. */
    public static final int MAX_CAMERAS_PER_FLEET = 18_000;

    /**
     * What to start.
     *
     * @param fleets    0: as many as {@link #MAX_CAMERAS_PER_FLEET} requires, at least one per node
     * @param postgres  start a PostgreSQL even for one node (several nodes always share one)
     * @param database  a JDBC URL to use instead of starting PostgreSQL; null: start one if needed
     * @param dir       working directory; null: a fresh temporary one, removed at the end
     * @param statusEvery seconds between the fleets' status lines
     */
    public record Spec(int cameras, int nodes, int fleets, boolean postgres, String database, Path dir,
                       List<String> nodeJvm, List<String> fleetJvm, Map<String, String> nodeSettings,
                       int statusEvery) {

        public Spec {
            if (cameras < 1 || nodes < 1 || fleets < 0) {
                throw new IllegalArgumentException("--cameras and --nodes must be at least 1 and --fleets at least 0, were "
                        + cameras + ", " + nodes + ", " + fleets);
            }
            if (fleets > 0 && (long) fleets * MAX_CAMERAS_PER_FLEET < cameras) {
                throw new IllegalArgumentException("--fleets " + fleets + " cannot hold " + cameras
                        + " cameras: at most " + MAX_CAMERAS_PER_FLEET + " per fleet process");
            }
            if (fleets > 254) {
                throw new IllegalArgumentException("--fleets must be at most 254 (one 127.x.0.0/16 each), was " + fleets);
            }
        }

        /** The fleet processes to start. */
        public int fleetCount() {
            int needed = (cameras + MAX_CAMERAS_PER_FLEET - 1) / MAX_CAMERAS_PER_FLEET;
            return fleets > 0 ? fleets : Math.min(cameras, Math.max(needed, nodes));
        }

        boolean needsPostgres() {
            return database == null && (postgres || nodes > 1);
        }
    }

    private final Spec spec;
    private final PrintStream out;
    private final Path dir;
    private final boolean ownDir;
    private final Thread hook = new Thread(this::closeQuietly, "bench-cluster-stop");
    private PostgresLauncher postgres;
    private String databaseDescription = "SQLite (one per node)";
    private Nodes nodes;
    private final List<FleetProcess> fleets = new ArrayList<>();
    private long fleetsStartedNanos;
    private boolean closed;

    private BenchCluster(Spec spec, PrintStream out, Path dir, boolean ownDir) {
        this.spec = spec;
        this.out = out;
        this.dir = dir;
        this.ownDir = ownDir;
    }

    /**
     * Starts the database (if needed) and the nodes, and makes the fleets (not started: see
     * {@link #provision()} and {@link #startFleets()}). On failure everything started is stopped.
     */
    public static BenchCluster start(Spec spec, PrintStream out) throws IOException, InterruptedException {
        boolean own = spec.dir() == null;
        Path dir = own ? Files.createTempDirectory("camcloud-bench") : Files.createDirectories(spec.dir());
        BenchCluster cluster = new BenchCluster(spec, out, dir, own);
        Runtime.getRuntime().addShutdownHook(cluster.hook);
        try {
            cluster.startNodes();
            cluster.makeFleets();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private void startNodes() throws IOException, InterruptedException {
        Map<String, String> settings = new LinkedHashMap<>();
        if (spec.database() != null) {
            settings.put("db.url", spec.database());
            databaseDescription = "PostgreSQL " + Redact.url(spec.database());
        } else if (spec.needsPostgres()) {
            Path bin = PostgresLauncher.binaries().orElseThrow(() -> new IOException(
                    "several nodes share one PostgreSQL, and none is installed (no initdb under /usr/lib/postgresql/*/bin): "
                            + "apt-get install postgresql, or give --db URL"));
            long t0 = System.nanoTime();
            postgres = PostgresLauncher.start(bin, Files.createTempDirectory("camcloud-bench-pg"), true, 400);
            try {
                settings.put("db.url", postgres.createDatabase("camcloud_bench"));
            } catch (SQLException e) {
                throw new IOException("cannot create the benchmark's database: " + e.getMessage(), e);
            }
            databaseDescription = "PostgreSQL from " + bin + " (started by the benchmark)";
            out.printf("PostgreSQL up in %s%n", seconds(System.nanoTime() - t0));
        }
        settings.putAll(spec.nodeSettings());
        long t0 = System.nanoTime();
        nodes = Nodes.create(dir.resolve("nodes"), spec.nodes(), settings, spec.nodeJvm());
        nodes.startAll();
        out.printf("%d node%s up in %s (%s)%n", spec.nodes(), spec.nodes() == 1 ? "" : "s",
                seconds(System.nanoTime() - t0), databaseDescription);
    }

    private void makeFleets() throws IOException {
        int count = spec.fleetCount();
        for (int i = 0; i < count; i++) {
            int cameras = spec.cameras() / count + (i < spec.cameras() % count ? 1 : 0);
            List<String> gateways = new ArrayList<>();
            for (int n = 0; n < spec.nodes(); n++) {
                gateways.add("127.0.0.1:" + nodes.get((i + n) % spec.nodes()).gatewayPort());
            }
            fleets.add(new FleetProcess("fleet" + (i + 1), dir.resolve("fleet" + (i + 1)), cameras,
                    String.join(",", gateways), "127." + (i + 1) + ".0.0/16", spec.statusEvery(), spec.fleetJvm()));
        }
    }

    /**
     * What both fleet benchmarks do first: provisions every camera, starts the fleets and waits until
     * the nodes hold all of them, printing how long each took.
     */
    public void provisionAndConnect(Duration timeout) throws IOException, InterruptedException {
        Duration provisioning = provision();
        out.printf("provisioned %,d cameras in %s (%.0f a second)%n", spec.cameras(), seconds(provisioning.toNanos()),
                spec.cameras() / Math.max(0.001, provisioning.toNanos() / 1e9));
        startFleets();
        long connected = awaitConnected(spec.cameras(), timeout);
        out.printf("connected: all %,d cameras in %s from the fleets' start (%s; load average %s)%n", spec.cameras(),
                seconds(connected - fleetsStartedNanos), fleetSummary(), Machine.loadAverage());
    }

    /** Seconds between the fleets' status lines for a quiet window of {@code restSeconds}: a few lines in it. */
    public static int statusEveryFor(int restSeconds) {
        return Math.max(1, Math.min(10, restSeconds / 3));
    }

    /** Provisions every fleet's cameras (the fleets in parallel); returns how long it took. */
    public Duration provision() throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        String token = nodes.operatorToken();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(fleets.size(), 4));
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (FleetProcess fleet : fleets) {
                NodeProcess first = nodes.get(fleets.indexOf(fleet) % spec.nodes());
                done.add(pool.submit(() -> Provisioning.provision(fleet.flashDir(), fleet.count(),
                        fallbackOrders(fleet.gateways()), URI.create(first.httpBase()), token)));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException("provisioning failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /**
     * The gateway lists a fleet's cameras get, in equal shares: every list starts with the fleet's home
     * node and tries the others in an order rotated by one from share to share, so that when the home
     * node dies its cameras spread evenly over the survivors instead of all landing on the next one
     * (which would take it past its descriptor limit).
     */
    static List<CameraConfig> fallbackOrders(String gateways) {
        List<String> all = List.of(gateways.split(","));
        if (all.size() <= 2) {
            return List.of(CameraConfig.parseCloud(gateways, Map.of()));
        }
        List<String> others = all.subList(1, all.size());
        List<CameraConfig> orders = new ArrayList<>();
        for (int k = 0; k < others.size(); k++) {
            List<String> order = new ArrayList<>();
            order.add(all.get(0));
            for (int j = 0; j < others.size(); j++) {
                order.add(others.get((k + j) % others.size()));
            }
            orders.add(CameraConfig.parseCloud(String.join(",", order), Map.of()));
        }
        return orders;
    }

    /** Starts every fleet process: the cameras power on and dial their first node. */
    public void startFleets() throws IOException {
        fleetsStartedNanos = System.nanoTime();
        for (FleetProcess fleet : fleets) {
            fleet.start();
        }
    }

    /** When {@link #startFleets()} ran ({@link System#nanoTime()}). */
    public long fleetsStartedNanos() {
        return fleetsStartedNanos;
    }

    /**
     * Waits until the running nodes together hold {@code cameras} connected cameras, printing the
     * progress every 10 s; returns when that happened ({@link System#nanoTime()}).
     *
     * @throws IOException when it did not happen within {@code timeout}, or a fleet process died
     */
    public long awaitConnected(long cameras, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long nextReport = start + 10_000_000_000L;
        while (true) {
            long connected = connected();
            long now = System.nanoTime();
            if (connected >= cameras) {
                return now;
            }
            for (FleetProcess fleet : fleets) {
                if (fleetsStartedNanos != 0 && !fleet.alive()) {
                    throw new IOException("fleet process " + fleet.id() + " died:\n" + fleet.logTail());
                }
            }
            if (now > deadline) {
                throw new IOException("only " + connected + " of " + cameras + " cameras connected after "
                        + seconds(now - start) + "; " + fleetSummary());
            }
            if (now > nextReport) {
                out.printf("  %,d of %,d connected after %s (%s; load average %s)%n", connected, cameras,
                        seconds(now - start), fleetSummary(), Machine.loadAverage());
                nextReport += 10_000_000_000L;
            }
            Thread.sleep(1000);
        }
    }

    /** Cameras connected to the running nodes now (their {@code camcloud_cameras_connected}). */
    public long connected() throws IOException, InterruptedException {
        long sum = 0;
        for (NodeProcess node : running()) {
            sum += NodeMetrics.scrape(node).connected();
        }
        return sum;
    }

    /** What the fleets said last: online, connecting, gave up (each only when the fleets report it). */
    public String fleetSummary() {
        List<FleetStatus> latest = fleets.stream().map(FleetProcess::latest).filter(s -> s != null).toList();
        if (latest.isEmpty()) {
            return "no fleet status yet";
        }
        List<String> parts = new ArrayList<>();
        summed(latest, FleetStatus::online, "online", parts);
        summed(latest, FleetStatus::connecting, "connecting", parts);
        summed(latest, FleetStatus::gaveUp, "gave up", parts);
        return parts.isEmpty() ? "fleets report no counts" : "fleets say " + String.join(", ", parts);
    }

    private static void summed(List<FleetStatus> statuses, ToLongFunction<FleetStatus> field, String name,
                               List<String> parts) {
        long[] values = statuses.stream().mapToLong(field).filter(v -> v != FleetStatus.ABSENT).toArray();
        if (values.length > 0) {
            parts.add(String.format("%,d %s", LongStream.of(values).sum(), name));
        }
    }

    public List<NodeProcess> nodes() {
        return nodes.all();
    }

    public List<NodeProcess> running() {
        return nodes.all().stream().filter(NodeProcess::alive).toList();
    }

    public List<FleetProcess> fleets() {
        return List.copyOf(fleets);
    }

    public String databaseDescription() {
        return databaseDescription;
    }

    /** Every node's log and every fleet's tail, for a failure message. */
    public String logs() {
        StringBuilder all = new StringBuilder(nodes == null ? "" : nodes.logs());
        for (FleetProcess fleet : fleets) {
            all.append(fleet.logTail());
        }
        return all.toString();
    }

    /** Ends every process this cluster started (fleets first, then nodes, then PostgreSQL) and removes its directories. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        for (FleetProcess fleet : fleets) {
            fleet.close();
        }
        if (nodes != null) {
            nodes.close();
        }
        if (postgres != null) {
            postgres.close();
            remove(postgres.dir());
        }
        if (ownDir) {
            remove(dir);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyExiting) {
            // called from the hook itself
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (InterruptedException | RuntimeException ignored) {
            // the JVM is exiting
        }
    }

    private static void remove(Path path) {
        try {
            new ProcessBuilder("rm", "-rf", path.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            // a temporary directory: the machine cleans it eventually
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code 12.3 s}. */
    public static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
