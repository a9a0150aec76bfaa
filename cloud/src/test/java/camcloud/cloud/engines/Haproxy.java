package camcloud.cloud.engines;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real HAProxy (Debian's {@code haproxy}) in front of the nodes' camera gateway ports, as the
 * README's "Running several nodes" configures it: TCP mode (the gateway's TLS ends on the node, which
 * must see the camera's client certificate), least-connections balancing, health checks every 500 ms
 * so a killed node leaves the rotation within about a second, and {@code option redispatch} so a
 * camera whose dial hit a dead node is sent to a live one. Started as a child process on a free port
 * of 127.0.0.1 with a generated configuration; {@link #close()} stops it.
 *
 * <p>{@code maxconn} stays at 9,000: HAProxy sizes its descriptor needs from it (two per proxied
 * connection) and refuses to start when the process limit (20,000 on the test machines) is lower.
 * Tests skip without HAProxy unless {@code CI=true} ({@code .ci/run} installs it).
 */
public final class Haproxy implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/haproxy");
    /** Concurrent connections HAProxy accepts; see the class comment for why not more. */
    public static final int MAX_CONNECTIONS = 9_000;

    private final Process process;
    private final Path dir;
    private final int port;

    private Haproxy(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** True when this machine has HAProxy. */
    public static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    /** True when a test needing HAProxy should run: it is installed, or CI requires it (and fails without). */
    public static boolean shouldRun() {
        return installed() || PostgresServer.ciRequiresEngines();
    }

    /**
     * Starts HAProxy on a free port of 127.0.0.1 balancing over {@code gatewayPorts} (each a node's
     * camera gateway on 127.0.0.1); its configuration and log go to {@code dir}.
     */
    public static Haproxy start(Path dir, List<Integer> gatewayPorts) throws IOException, InterruptedException {
        if (!installed()) {
            throw new IllegalStateException(BINARY + " is missing: .ci/run installs Debian's haproxy");
        }
        Files.createDirectories(dir);
        int port = PostgresServer.freePort();
        Path config = dir.resolve("haproxy.cfg");
        Files.writeString(config, configuration(new InetSocketAddress("127.0.0.1", port),
                gatewayPorts.stream().map(p -> new InetSocketAddress("127.0.0.1", p)).toList()));
        Path log = dir.resolve("haproxy.log");
        Process check = new ProcessBuilder(BINARY.toString(), "-c", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!check.waitFor(30, TimeUnit.SECONDS) || check.exitValue() != 0) {
            check.destroyForcibly();
            throw new IOException("haproxy refused its configuration: " + Files.readString(log));
        }
        // -db: stay in the foreground as our child, so destroy() stops it and it dies with the test.
        Process process = new ProcessBuilder(BINARY.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Haproxy haproxy = new Haproxy(process, dir, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("haproxy exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return haproxy;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        haproxy.close();
        throw new IOException("haproxy did not listen on port " + port + " within 30 s: " + Files.readString(log));
    }

    /**
     * The configuration: one TCP frontend on {@code listen} and the nodes' gateways behind it. The
     * gateway part of the README's example, with the addresses filled in.
     */
    public static String configuration(InetSocketAddress listen, List<InetSocketAddress> gateways) {
        StringBuilder text = new StringBuilder("""
                global
                    maxconn %d

                defaults
                    mode tcp
                    # longer than the gateway's heartbeat interval times its tolerance: HAProxy must never be
                    # the one that ends an idle but healthy camera session
                    timeout client 10m
                    timeout server 10m
                    timeout connect 2s
                    # a dial that hit a node which just died is retried on another one
                    retries 2
                    option redispatch

                frontend camera_gateway
                    bind %s:%d
                    default_backend camcloud_nodes

                backend camcloud_nodes
                    balance leastconn
                    default-server check inter 500ms fall 2 rise 2
                """.formatted(MAX_CONNECTIONS, listen.getHostString(), listen.getPort()));
        for (int i = 0; i < gateways.size(); i++) {
            text.append("    server node").append(i + 1).append(' ')
                    .append(gateways.get(i).getHostString()).append(':').append(gateways.get(i).getPort())
                    .append('\n');
        }
        return text.toString();
    }

    /** The port cameras dial. */
    public int port() {
        return port;
    }

    /** HAProxy's output so far (start-up warnings, servers going up and down). */
    public String log() throws IOException {
        return Files.readString(dir.resolve("haproxy.log"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
