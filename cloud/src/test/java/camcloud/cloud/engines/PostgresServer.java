package camcloud.cloud.engines;

import camcloud.cloud.db.PostgresLauncher;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server for the tests, started once per JVM by {@link PostgresLauncher} into a
 * temporary directory, stopped when the JVM exits. Each test
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

    private static Optional<Path> binaries() {
        return PostgresLauncher.binaries();
    }

    private static PostgresServer launch(Path bin) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("camcloud-pg");
        PostgresLauncher server = PostgresLauncher.start(bin, dir, false, 300);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } catch (InterruptedException ignored) {
                // the JVM is exiting anyway
            }
            // some 40 MB a cluster plus some 8 MB per test database: thousands of files that took
            // longer to delete than surefire waits for a JVM to exit; rm goes on after the JVM
            removeLater(dir);
        }, "postgres-stop"));
        return new PostgresServer(server.baseUrl(), server.user());
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
