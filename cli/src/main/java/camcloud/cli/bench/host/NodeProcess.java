package camcloud.cli.bench.host;

import camcloud.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * One cloud node as an operator runs it: {@code camcloud server --data DIR --config FILE} in a JVM
 * of its own, on ports fixed for its whole life, so that it comes back where the load balancer and
 * the other nodes expect it after a stop. Each start appends to its own log file.
 *
 * <p>{@link #kill()} is {@code kill -9} (no shutdown hook runs: a crash or a power cut);
 * {@link #stop()} is SIGTERM, what a service manager sends for a deploy (the node drains).
 *
 * <p>The JVM is ours (the same {@code java} and class path), so a benchmark measures the code it was
 * built with; the multi-node tests, {@code camcloud bench fleet|reconnect} and {@code camcloud bench
 * ingest --vs-nginx|--find-max} start nodes this way, the last optionally pinned to CPUs
 * ({@code taskset -c LIST}). Its figures from the outside: {@link #cpu()} ({@link ProcFs}),
 * {@link #metrics()} (its {@code /metrics} with the operator token), {@link Jcmd} with its {@link #pid()}.
 * A running node is in {@link StartedProcesses}: it never outlives the JVM that started it.
 */
public final class NodeProcess implements AutoCloseable {

    /** What {@code camcloud server} prints once it serves. */
    private static final String UP_LINE = "camcloud cloud is up";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final String id;
    private final Path dir;
    private final int httpPort;
    private final int gatewayPort;
    private final int cameraHttpsPort;
    private final Map<String, String> settings;
    private final List<String> jvmOptions;
    private final String cpus;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Process process;
    private int starts;

    /**
     * A node named {@code id} living in {@code dir} ({@code dir/data} its data directory,
     * {@code dir/node.properties} its configuration): {@code settings} plus its own id and ports.
     */
    public NodeProcess(String id, Path dir, Map<String, String> settings) throws IOException {
        this(id, dir, settings, List.of("-Xmx256m"));
    }

    /** The same with the node JVM's own options ({@code -Xmx2g}, say). */
    public NodeProcess(String id, Path dir, Map<String, String> settings, List<String> jvmOptions) throws IOException {
        this(id, dir, settings, jvmOptions, null);
    }

    /** The same pinned to {@code cpus}, a {@code taskset -c} list such as {@code 0} or {@code 0-1} (null: not pinned). */
    public NodeProcess(String id, Path dir, Map<String, String> settings, List<String> jvmOptions, String cpus)
            throws IOException {
        this.id = id;
        this.jvmOptions = List.copyOf(jvmOptions);
        this.cpus = cpus;
        this.dir = Files.createDirectories(dir);
        this.httpPort = ListenPorts.next();
        this.gatewayPort = ListenPorts.next();
        this.cameraHttpsPort = ListenPorts.next();
        Map<String, String> all = new TreeMap<>(settings);
        all.put("node.id", id);
        this.settings = Map.copyOf(all);
        Files.createDirectories(dataDir());
    }

    public String id() {
        return id;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public int httpPort() {
        return httpPort;
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public int cameraHttpsPort() {
        return cameraHttpsPort;
    }

    /** {@code http://127.0.0.1:PORT}: the node's API and web app. */
    public String httpBase() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the node and waits until it serves; fails with its log when it does not. */
    public synchronized NodeProcess start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + id + " is already running");
        }
        Path config = dir.resolve("node.properties");
        StringBuilder text = new StringBuilder("# written by NodeProcess\n");
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(config, text.toString());
        Path log = log(++starts);
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus)); // taskset execs java: the pid stays the JVM's
        }
        command.add(JavaCommand.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", JavaCommand.classPath(), Main.class.getName(), "server",
                "--data", dataDir().toString(), "--config", config.toString(), "--bind", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--gateway-port", Integer.toString(gatewayPort),
                "--camera-https-port", Integer.toString(cameraHttpsPort)));
        process = StartedProcesses.started(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        long end = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < end) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains(UP_LINE)) {
                return this;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        StartedProcesses.stopped(process);
        throw new IOException("node " + id + " did not start; its log:\n" + Files.readString(log));
    }

    /** {@code kill -9}: the process ends at once, no shutdown hook runs. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            StartedProcesses.stopped(process);
        }
    }

    /**
     * SIGTERM, then waits for the node to exit on its own (a graceful stop: it drains its cameras);
     * forced after {@code 60 s}.
     *
     * @return true when it exited on its own
     */
    public synchronized boolean stop() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return true;
        }
        process.destroy();
        boolean own = process.waitFor(60, TimeUnit.SECONDS);
        if (!own) {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        StartedProcesses.stopped(process);
        return own;
    }

    /** The process id of the running node; fails when it is not running. */
    public synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("node " + id + " is not running");
        }
        return process.pid();
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** The operator token the node wrote into its data directory on its first start. */
    public String operatorToken() throws IOException {
        return Files.readString(dataDir().resolve("operator-token")).strip();
    }

    /** CPU time and RSS of the node's JVM so far. */
    public ProcFs.Sample cpu() {
        return ProcFs.sample(List.of(pid()));
    }

    /** The node's meters now: {@code GET /metrics} with the operator token. */
    public Metrics metrics() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(httpBase() + "/metrics"))
                .header("Authorization", "Bearer " + operatorToken()).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(id + " /metrics answered " + response.statusCode());
        }
        return Metrics.parse(response.body());
    }

    /** The log of the current (or last) run. */
    public String log() throws IOException {
        return starts == 0 ? "" : Files.readString(log(starts), StandardCharsets.UTF_8);
    }

    /** The logs of every run, oldest first. */
    public String allLogs() throws IOException {
        StringBuilder all = new StringBuilder();
        for (int i = 1; i <= starts; i++) {
            all.append("---- ").append(id).append(" run ").append(i).append(" ----\n")
                    .append(Files.readString(log(i), StandardCharsets.UTF_8));
        }
        return all.toString();
    }

    private Path log(int run) {
        return dir.resolve("node-" + run + ".log");
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
