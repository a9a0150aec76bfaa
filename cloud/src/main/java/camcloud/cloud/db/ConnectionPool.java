package camcloud.cloud.db;

import camcloud.cloud.config.Redact;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * HikariCP pools set up for each engine. SQLite: every connection in WAL mode with full sync,
 * foreign keys, a busy timeout and write transactions that take the lock at BEGIN. PostgreSQL: a
 * short connect timeout, so a node pointed at a server that is down says so within seconds.
 */
final class ConnectionPool {

    /** How long a caller waits for a free connection, and for the first connection at start. */
    static final Duration BORROW_TIMEOUT = Duration.ofSeconds(10);
    /** How long a PostgreSQL connection attempt may take before the server counts as unreachable. */
    static final int CONNECT_TIMEOUT_SECONDS = 5;
    /** How long an SQLite statement waits for another connection's write lock. */
    private static final int BUSY_TIMEOUT_MS = 10_000;

    private ConnectionPool() {
    }

    /**
     * A started pool; {@code address} (the redacted URL) names the database in the error when the
     * engine cannot be reached or refuses us.
     */
    static HikariDataSource open(Engine engine, String url, int size, String address) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("camcloud-db");
        hc.setMaximumPoolSize(size);
        hc.setConnectionTimeout(BORROW_TIMEOUT.toMillis());
        hc.setAutoCommit(true);
        if (engine == Engine.SQLITE) {
            hc.setDataSource(sqlite(url));
        } else {
            hc.setDriverClassName("org.postgresql.Driver");
            hc.setJdbcUrl(url);
            // URL parameters override these; the defaults (10 s connect, no login limit) are too slow
            // to tell an operator at start that the address is wrong.
            hc.addDataSourceProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            hc.addDataSourceProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            hc.addDataSourceProperty("tcpKeepAlive", "true");
            hc.addDataSourceProperty("ApplicationName", "camcloud");
        }
        try {
            return new HikariDataSource(hc);
        } catch (HikariPool.PoolInitializationException e) {
            throw unreachable(engine, address, e);
        }
    }

    private static SQLiteDataSource sqlite(String url) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // FULL: a committed transaction survives a power cut, not only a process crash.
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        // Write transactions take the write lock at BEGIN: a transaction that reads then writes
        // waits for other writers instead of failing with SQLITE_BUSY at its first write.
        // Reads run in auto-commit mode (query()) and are not affected.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl(url);
        return ds;
    }

    /** The engine's own words for why, without Hikari's wrapping and stack. */
    private static DatabaseException unreachable(Engine engine, String address, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null && !(cause instanceof SQLException)) {
            cause = cause.getCause();
        }
        String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new DatabaseException("cannot connect to the " + engine + " database at " + address + ": "
                + Redact.url(why.strip()), null);
    }
}
