package camcloud.cloud.engines;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests, started once per JVM: {@code initdb} and {@code postgres}
 * into a temporary directory (as the {@code postgres} user when the tests run as root, since the
 * server refuses to run as root), on a free port of 127.0.0.1, stopped when the JVM exits. Each test
 * takes a fresh database of its own ({@link #newDatabase()}).
 *
 * <p>{@code CAMCLOUD_TEST_POSTGRES} (a JDBC URL of a server whose user may create databases) uses
 * that server instead. Without either, {@link #available()} is empty: tests skip, except under
 * {@code CI=true} where {@link #require()} fails (CI installs PostgreSQL; a skip there would hide it).
 */
public final class PostgresServer {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile Optional<PostgresServer> shared;

    /** {@code jdbc:postgresql://127.0.0.1:PORT/} with the admin user and no database name. */
    private final String base;
    private final String user;

    private PostgresServer(String base, String user) {
        this.base = base;
        this.user = user;
    }

    /** The shared server, started on first use; empty when this machine has no PostgreSQL. */
    public static synchronized Optional<PostgresServer> available() {
        if (shared == null) {
            shared = start();
        }
        return shared;
    }

    /** The shared server; under {@code CI=true} its absence is a failure, otherwise the caller should skip. */
    public static PostgresServer require() {
        return available().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL is not installed (no initdb under /usr/lib/postgresql/*/bin) and CAMCLOUD_TEST_POSTGRES "
                        + "is not set: .ci/run installs Debian's postgresql"));
    }

    /** True when a missing engine must fail the run instead of skipping tests. */
    public static boolean ciRequiresEngines() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Creates an empty database and returns its JDBC URL (with user). */
    public String newDatabase() {
        String name = "camcloud_t" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(base + "postgres?user=" + user);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return base + name + "?user=" + user;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/} of the server. */
    public String baseUrl() {
        return base;
    }

    private static Optional<PostgresServer> start() {
        String given = System.getenv("CAMCLOUD_TEST_POSTGRES");
        if (given != null && !given.isBlank()) {
            return Optional.of(fromUrl(given.strip()));
        }
        Optional<Path> bin = binaries();
        if (bin.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(launch(bin.get()));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is installed but did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting PostgreSQL", e);
        }
    }

    private static PostgresServer fromUrl(String url) {
        // jdbc:postgresql://HOST:PORT/DB?user=U...: keep host and port, ask for the user
        int slash = url.indexOf('/', "jdbc:postgresql://".length());
        String base = url.substring(0, slash + 1);
        String user = "postgres";
        int u = url.indexOf("user=");
        if (u >= 0) {
            int end = url.indexOf('&', u);
            user = url.substring(u + 5, end < 0 ? url.length() : end);
        }
        return new PostgresServer(base, user);
    }

    static Optional<Path> binaries() {
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

    private static PostgresServer launch(Path bin) throws IOException, InterruptedException {
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("camcloud-pg");
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "-R", "postgres:postgres", dir.toString()), false);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-A", "trust", "-U", "postgres",
                "-E", "UTF8", "--no-sync"), root);
        int port = freePort();
        List<String> server = List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p",
                Integer.toString(port), "-k", dir.toString(), "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=off", "-c", "max_connections=300", "-c", "shared_buffers=64MB");
        Process p = new ProcessBuilder(asUser(server, root))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("server.log").toFile())
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            p.destroy(); // SIGTERM: smart shutdown
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException ignored) {
                p.destroyForcibly();
            }
            // some 40 MB a cluster plus some 8 MB per test database: thousands of files that took
            // longer to delete than surefire waits for a JVM to exit; rm goes on after the JVM
            removeLater(dir);
        }, "postgres-stop"));
        String base = "jdbc:postgresql://127.0.0.1:" + port + "/";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("postgres exited with " + p.exitValue() + "; log: "
                        + Files.readString(dir.resolve("server.log")));
            }
            try (Connection c = DriverManager.getConnection(base + "postgres?user=postgres")) {
                return new PostgresServer(base, "postgres");
            } catch (SQLException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new IOException("postgres did not accept connections within 60 s: " + (last == null ? "" : last.getMessage()));
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

    private static void removeLater(Path dir) {
        try {
            new ProcessBuilder("rm", "-rf", dir.toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            deleteTree(dir);
        }
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir: the machine cleans it eventually
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
