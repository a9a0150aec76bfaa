package camcloud.cli.bench.cluster;

import camcloud.cli.Main;
import camcloud.cli.bench.host.JavaCommand;
import camcloud.cli.bench.host.StartedProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code camcloud fleet --json} process: {@code count} virtual cameras whose flash files are in
 * {@code dir/flash}, connecting from the source addresses of {@code sourceAddresses}. Its standard
 * output (one JSON status line every {@code statusEvery} seconds) is read as it comes and kept in
 * {@code dir/fleet.out}; its standard error goes to {@code dir/fleet.err}.
 *
 * <p>The cameras are provisioned before the process starts ({@link #flashDir()}), so the time the
 * benchmark measures from {@link #start()} is power-on and connection only.
 */
public final class FleetProcess implements AutoCloseable {

    /** A status line and when it came ({@link System#nanoTime()}). */
    public record Timed(long nanos, FleetStatus status) {
    }

    private final String id;
    private final Path dir;
    private final int count;
    private final String gateways;
    private final String sourceAddresses;
    private final int statusEvery;
    private final List<String> jvmOptions;
    private final List<Timed> statuses = new ArrayList<>();
    private Process process;
    private long readyNanos;

    /**
     * @param gateways        {@code h1:p1,h2:p2…} as given to {@code --cloud}, first the node its cameras start on
     * @param sourceAddresses CIDR inside 127.0.0.0/8 ({@code 127.1.0.0/16})
     */
    public FleetProcess(String id, Path dir, int count, String gateways, String sourceAddresses, int statusEvery,
                        List<String> jvmOptions) throws IOException {
        this.id = id;
        this.dir = Files.createDirectories(dir);
        this.count = count;
        this.gateways = gateways;
        this.sourceAddresses = sourceAddresses;
        this.statusEvery = statusEvery;
        this.jvmOptions = List.copyOf(jvmOptions);
        Files.createDirectories(flashDir());
    }

    public String id() {
        return id;
    }

    public int count() {
        return count;
    }

    public String gateways() {
        return gateways;
    }

    /** Where the cameras' flash files are: provision them here before {@link #start()}. */
    public Path flashDir() {
        return dir.resolve("flash");
    }

    /** Starts the process; its output is read from now on. */
    public synchronized FleetProcess start() throws IOException {
        if (process != null) {
            throw new IllegalStateException("fleet " + id + " was already started");
        }
        List<String> command = new ArrayList<>(List.of(JavaCommand.java()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", JavaCommand.classPath(), Main.class.getName(), "fleet",
                "--dir", flashDir().toString(), "--count", Integer.toString(count), "--cloud", gateways,
                "--source-addresses", sourceAddresses, "--status-every", Integer.toString(statusEvery), "--json"));
        process = StartedProcesses.started(
                new ProcessBuilder(command).redirectError(dir.resolve("fleet.err").toFile()).start());
        Thread reader = new Thread(this::readOutput, "fleet-" + id + "-out");
        reader.setDaemon(true);
        reader.start();
        return this;
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)); Writer out = Files.newBufferedWriter(dir.resolve("fleet.out"))) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.write('\n');
                out.flush();
                long now = System.nanoTime();
                if (FleetStatus.isReady(line)) {
                    synchronized (this) {
                        readyNanos = now;
                    }
                }
                FleetStatus.parse(line).ifPresent(s -> {
                    synchronized (this) {
                        statuses.add(new Timed(now, s));
                    }
                });
            }
        } catch (IOException e) {
            // the process ended or was killed: what was read is kept
        }
    }

    /** The latest status line; null before the first. */
    public synchronized FleetStatus latest() {
        return statuses.isEmpty() ? null : statuses.get(statuses.size() - 1).status();
    }

    /** The status lines that came after {@code nanos} ({@link System#nanoTime()}). */
    public synchronized List<FleetStatus> since(long nanos) {
        return statuses.stream().filter(t -> t.nanos() > nanos).map(Timed::status).toList();
    }

    /** When the {@code ready} line came ({@link System#nanoTime()}); 0 before. */
    public synchronized long readyNanos() {
        return readyNanos;
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null || !process.isAlive()) {
            throw new IllegalStateException("fleet " + id + " is not running" + exit());
        }
        return process.pid();
    }

    private String exit() {
        return process != null && !process.isAlive() ? " (exited with " + process.exitValue() + ")" : "";
    }

    /** The end of its standard error and output, for a failure message. */
    public String logTail() {
        return id + exit() + " stderr:\n" + tail(dir.resolve("fleet.err")) + id + " stdout:\n" + tail(dir.resolve("fleet.out"));
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** SIGTERM (the fleet powers its cameras off and exits 0), forced after 20 s. */
    @Override
    public synchronized void close() throws InterruptedException {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        StartedProcesses.stopped(process);
    }
}
