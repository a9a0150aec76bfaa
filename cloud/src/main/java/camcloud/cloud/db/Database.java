package camcloud.cloud.db;

import camcloud.cloud.config.DatabaseConfig;
import camcloud.cloud.config.Redact;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud's relational store: the embedded SQLite file {@code DATA/camcloud.db} (the default), or
 * a PostgreSQL server several nodes share. Connections come from a HikariCP pool; the schema is
 * brought up to date by Flyway when the database opens ({@link Migrations}).
 *
 * <p>One promise on both engines: a {@link #transaction} runs as if no other ran at the same time.
 * SQLite keeps it by taking the write lock at BEGIN; PostgreSQL by running the transaction
 * SERIALIZABLE and running it again, after a short random wait, when the server aborted it for
 * colliding with another (so a transaction's work must not have effects outside the database).
 * {@link #query} runs in auto-commit mode: each statement on its own.
 *
 * <p>Blocking calls: never use from a Netty event loop.
 */
public final class Database implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /** Connections of {@link #openSqlite}: what the node used before the pool size was configurable. */
    private static final int TEST_POOL_SIZE = 4;

    private final Engine engine;
    private final String address;
    private final HikariDataSource pool;
    private final DatabaseMetrics metrics;

    private Database(Engine engine, String address, HikariDataSource pool, DatabaseMetrics metrics) {
        this.engine = engine;
        this.address = address;
        this.pool = pool;
        this.metrics = metrics;
    }

    /**
     * Opens the configured database (empty URL: SQLite file {@code camcloud.db} in {@code dataDir})
     * and applies pending migrations. A database that cannot be reached, refuses us or cannot be
     * migrated is a {@link DatabaseException} naming the engine and the address (without password).
     */
    public static Database open(DatabaseConfig config, Path dataDir, MeterRegistry registry) {
        String url = config.embedded() ? "jdbc:sqlite:" + dataDir.resolve("camcloud.db").toAbsolutePath()
                : config.url();
        Engine engine = Engine.of(url);
        String address = Redact.url(url);
        if (engine == Engine.SQLITE) {
            createParent(url.substring("jdbc:sqlite:".length()));
        }
        HikariDataSource pool = ConnectionPool.open(engine, url, config.poolSize(), address);
        try {
            int applied = Migrations.apply(pool, engine, address);
            if (applied > 0) {
                log.info("{} database at {}: {} migration(s) applied", engine, address, applied);
            }
            return new Database(engine, address, pool, new DatabaseMetrics(registry, engine, pool));
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Opens (creating if needed) the SQLite database at {@code file}, with metrics nobody reads: for tests and tools. */
    public static Database openSqlite(Path file) {
        return open(new DatabaseConfig("jdbc:sqlite:" + file.toAbsolutePath(), TEST_POOL_SIZE),
                file.toAbsolutePath().getParent(), new SimpleMeterRegistry());
    }

    private static void createParent(String file) {
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new DatabaseException("cannot create the directory of the SQLite database " + file, e);
        }
    }

    /** The engine behind this database. */
    public Engine engine() {
        return engine;
    }

    /** The JDBC URL with any password hidden: for logs and error messages. */
    public String address() {
        return address;
    }

    /** Work done with a connection; may throw SQLException, which becomes a {@link DatabaseException}. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Work without a result. */
    @FunctionalInterface
    public interface VoidWork {
        void run(Connection connection) throws SQLException;
    }

    /** Runs {@code work} in auto-commit mode (one statement, or reads). */
    public <T> T query(Work<T> work) {
        long started = System.nanoTime();
        boolean ok = false;
        try (Connection c = borrow()) {
            T result = work.run(c);
            ok = true;
            return result;
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            metrics.query(ok, System.nanoTime() - started);
        }
    }

    /**
     * Runs {@code work} in one transaction: all of it commits, or none of it. On PostgreSQL the work
     * may run more than once (see the class comment).
     */
    public <T> T transaction(Work<T> work) {
        long started = System.nanoTime();
        boolean ok = false;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    T result = once(work);
                    ok = true;
                    return result;
                } catch (SQLException | RuntimeException e) {
                    if (engine != Engine.POSTGRESQL || attempt >= SerializationFailures.ATTEMPTS
                            || !SerializationFailures.retryable(e)) {
                        throw e instanceof RuntimeException r ? r : new DatabaseException(e.getMessage(), e);
                    }
                    metrics.retried();
                    SerializationFailures.backOff(attempt);
                }
            }
        } finally {
            metrics.transaction(ok, System.nanoTime() - started);
        }
    }

    private <T> T once(Work<T> work) throws SQLException {
        try (Connection c = borrow()) {
            c.setAutoCommit(false);
            try {
                if (engine == Engine.POSTGRESQL) {
                    try (Statement s = c.createStatement()) {
                        s.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
                    }
                }
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static void rollback(Connection c, Exception failure) {
        try {
            c.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e); // the connection is broken; the pool replaces it
        }
    }

    /** {@link #transaction(Work)} without a result. */
    public void inTransaction(VoidWork work) {
        transaction(c -> {
            work.run(c);
            return null;
        });
    }

    private Connection borrow() {
        long started = System.nanoTime();
        try {
            return pool.getConnection();
        } catch (SQLTransientConnectionException e) {
            metrics.borrowTimedOut();
            throw new DatabaseException("no connection to the " + engine + " database at " + address + " within "
                    + ConnectionPool.BORROW_TIMEOUT.toSeconds() + " s: " + Redact.url(String.valueOf(e.getMessage())), e);
        } catch (SQLException e) {
            throw new DatabaseException("cannot connect to the " + engine + " database at " + address + ": "
                    + Redact.url(String.valueOf(e.getMessage())), e);
        } finally {
            metrics.borrowed(System.nanoTime() - started);
        }
    }

    @Override
    public void close() {
        metrics.close();
        pool.close();
    }
}
