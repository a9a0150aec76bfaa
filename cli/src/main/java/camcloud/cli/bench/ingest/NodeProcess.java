package camcloud.cli.bench.ingest;

import camcloud.cli.Main;
import camcloud.cli.bench.peer.ProcessCpu;
import camcloud.cli.bench.peer.StartedProcesses;
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
 * The camcloud node a bench measures: {@code camcloud server} in a JVM of its own (this JVM's java
 * and class path), so that its CPU time and memory are its own, read from {@code /proc} like
 * nginx's. Optionally pinned to CPUs with {@code taskset -c LIST}. Its figures from the outside:
 * {@link #cpu()} ({@code /proc/PID/stat}, RSS), {@link #metrics()} (its Prometheus {@code /metrics}
 * with the operator token), {@link #heapAfterFullGc()} ({@code jcmd PID GC.run}, then the heap meter).
 *
 * <p>{@link #close()} sends SIGTERM (the node drains; with no camera left that is at once) and kills
 * it by pid when it does not exit.
 */
public final class NodeProcess implements AutoCloseable {

    private static final String UP_LINE = "camcloud cloud is up";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final Path dir;
    private final int httpPort;
    private final int gatewayPort;
    private final Process process;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private NodeProcess(Path dir, int httpPort, int gatewayPort, Process process) {
        this.dir = dir;
        this.httpPort = httpPort;
        this.gatewayPort = gatewayPort;
        this.process = process;
    }

    /**
     * Starts a node with its data in {@code dir/data}, configured by {@code settings}, its JVM given
     * {@code javaOptions}, pinned to {@code cpus} ({@code taskset -c} list; null: not pinned); returns
     * once it serves. Fails with its log when it does not start.
     */
    public static NodeProcess start(Path dir, Map<String, String> settings, List<String> javaOptions, String cpus)
            throws IOException, InterruptedException {
        Files.createDirectories(dir.resolve("data"));
        Path config = dir.resolve("node.properties");
        StringBuilder text = new StringBuilder("# written by camcloud bench ingest\n");
        new TreeMap<>(settings).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(config, text.toString());
        int httpPort = freePort();
        int gatewayPort = freePort();
        List<String> command = new ArrayList<>();
        if (cpus != null) {
            command.addAll(List.of("taskset", "-c", cpus));
        }
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "server",
                "--data", dir.resolve("data").toString(), "--config", config.toString(), "--bind", "127.0.0.1",
                "--http-port", Integer.toString(httpPort), "--gateway-port", Integer.toString(gatewayPort),
                "--camera-https-port", Integer.toString(freePort())));
        Path log = dir.resolve("node.log");
        Process process = StartedProcesses.started(
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start());
        NodeProcess node = new NodeProcess(dir, httpPort, gatewayPort, process);
        long end = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < end && process.isAlive()) {
            if (Files.readString(log, StandardCharsets.UTF_8).contains(UP_LINE)) {
                return node;
            }
            Thread.sleep(50);
        }
        node.close();
        throw new IOException("the camcloud node did not start; its log:\n" + node.log());
    }

    /** The JVM's pid (taskset execs it, so it is the process started). */
    public long pid() {
        return process.pid();
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public Path dataDir() {
        return dir.resolve("data");
    }

    public String operatorToken() throws IOException {
        return Files.readString(dataDir().resolve("operator-token")).strip();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** CPU time and RSS of the node's JVM so far. */
    public ProcessCpu.Sample cpu() {
        return ProcessCpu.sample(List.of(pid()));
    }

    /** The node's meters now, by Prometheus name with labels ({@code jvm_memory_used_bytes{area="heap",…}}). */
    public Map<String, Double> metrics() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .header("Authorization", "Bearer " + operatorToken()).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET /metrics answered " + response.statusCode());
        }
        return PrometheusText.parse(response.body());
    }

    /** Heap in use after a full collection ({@code jcmd PID GC.run}, then the node's heap meter). */
    public long heapAfterFullGc() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process gc = new ProcessBuilder(Files.isExecutable(jcmd) ? jcmd.toString() : "jcmd",
                Long.toString(pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!gc.waitFor(60, TimeUnit.SECONDS) || gc.exitValue() != 0) {
            gc.destroyForcibly();
            throw new IOException("jcmd " + pid() + " GC.run failed");
        }
        return (long) PrometheusText.sum(metrics(), "jvm_memory_used_bytes", "area=\"heap\"");
    }

    /** The node's log so far. */
    public String log() {
        try {
            return Files.readString(dir.resolve("node.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        StartedProcesses.stopped(process);
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
