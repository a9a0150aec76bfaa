package camcloud.cloud.db;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server of our own, started from the distribution's binaries ({@code initdb} and
 * {@code postgres} under {@code /usr/lib/postgresql/VERSION/bin}, Debian's layout) into a directory,
 * listening on a free port of 127.0.0.1 only, user {@code postgres} with trust authentication. For
 * the tests and the benchmarks that need a real server on this machine, never for production.
 *
 * <p>PostgreSQL refuses to run as root: when we are root, the directory is handed to the
 * {@code postgres} user and both programs run as that user ({@code su postgres}). The directory must
 * therefore be reachable by that user (a fresh directory under {@code /tmp}, say).
 */
public final class PostgresLauncher implements AutoCloseable {

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final Path dir;
    private final Process process;
    private final int port;

    private PostgresLauncher(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** The newest installed {@code bin} directory holding {@code initdb} and {@code postgres}; empty when none. */
    public static Optional<Path> binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (var versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("postgres")))
                    .max(Path::compareTo);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Makes a cluster in {@code dir/data} and starts its server (log in {@code dir/server.log}),
     * returning once it accepts connections.
     *
     * @param durable false for tests: no fsync (a crash of the machine may lose the data)
     * @param maxConnections the server's {@code max_connections}
     */
    public static PostgresLauncher start(Path bin, Path dir, boolean durable, int maxConnections)
            throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.createDirectories(dir);
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-A", "trust", "-U", "postgres", "-E", "UTF8"));
        if (!durable) {
            initdb.add("--no-sync");
        }
        run(initdb, root);
        int port = freePort();
        List<String> server = new ArrayList<>(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-p", Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "max_connections=" + maxConnections, "-c", "shared_buffers=64MB"));
        if (!durable) {
            server.addAll(List.of("-c", "fsync=off"));
        }
        Process p = new ProcessBuilder(asUser(server, root))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        PostgresLauncher launched = new PostgresLauncher(dir, p, port);
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("postgres exited with " + p.exitValue() + "; log: "
                        + Files.readString(dir.resolve("server.log")));
            }
            try (Connection c = DriverManager.getConnection(launched.adminUrl())) {
                return launched;
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        launched.close();
        throw new IOException("postgres did not accept connections within 60 s: " + (last == null ? "" : last.getMessage()));
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/}: no database, no user. */
    public String baseUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/";
    }

    /** The user every database belongs to. */
    public String user() {
        return "postgres";
    }

    /** The directory the cluster and its log live in. */
    public Path dir() {
        return dir;
    }

    /** Creates database {@code name} (lower case letters, digits, underscores) and returns its JDBC URL with the user. */
    public String createDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ", was " + name);
        }
        try (Connection c = DriverManager.getConnection(adminUrl()); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return baseUrl() + name + "?user=" + user();
    }

    private String adminUrl() {
        return baseUrl() + "postgres?user=" + user();
    }

    /** Stops the server: SIGTERM (a smart shutdown), forced after 10 s. The directory stays. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static List<String> asUser(List<String> command, boolean root) {
        if (!root) {
            return command;
        }
        return List.of("su", "postgres", "-s", "/bin/sh", "-c", "exec " + String.join(" ", command.stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'").toList()));
    }

    private static void run(List<String> command, boolean root) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(asUser(command, root)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
