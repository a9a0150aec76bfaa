package camcloud.cloud.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.sqlite.SQLiteConfig;

/**
 * The cloud's relational store: an SQLite file in WAL mode (the embedded default). A small fixed
 * pool of connections; SQLite serialises writers itself, {@code busy_timeout} makes them wait
 * instead of failing. Blocking calls: never use from a Netty event loop.
 */
public final class Database implements AutoCloseable {

    private static final int POOL_SIZE = 4;

    private final String url;
    private final BlockingQueue<Connection> pool = new ArrayBlockingQueue<>(POOL_SIZE);

    private Database(String url) {
        this.url = url;
    }

    /** Opens (creating if needed) the SQLite database at {@code file} and applies pending migrations. */
    public static Database openSqlite(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (java.io.IOException e) {
            throw new DatabaseException("cannot create the directory of " + file, e);
        }
        Database db = new Database("jdbc:sqlite:" + file.toAbsolutePath());
        try {
            for (int i = 0; i < POOL_SIZE; i++) {
                db.pool.add(db.connect());
            }
            db.transaction(Migrations::apply);
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    private Connection connect() {
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setJournalMode(SQLiteConfig.JournalMode.WAL);
            // FULL: a committed transaction survives a power cut, not only a process crash.
            config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
            config.enforceForeignKeys(true);
            config.setBusyTimeout(10_000);
            // Write transactions take the write lock at BEGIN: a transaction that reads then writes
            // waits for other writers instead of failing with SQLITE_BUSY at its first write.
            // Reads run in auto-commit mode (query()) and are not affected.
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            return DriverManager.getConnection(url, config.toProperties());
        } catch (SQLException e) {
            throw new DatabaseException("cannot open " + url, e);
        }
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
        Connection c = borrow();
        try {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            pool.add(c);
        }
    }

    /** Runs {@code work} in one transaction: all of it commits, or none of it. */
    public <T> T transaction(Work<T> work) {
        Connection c = borrow();
        try {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseException(e.getMessage(), e);
        } finally {
            pool.add(c);
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
        camcloud.cloud.work.EventLoopGuard.blockingCall("database");
        try {
            Connection c = pool.poll(30, TimeUnit.SECONDS);
            if (c == null) {
                throw new DatabaseException("no database connection free after 30 s", null);
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted waiting for a database connection", e);
        }
    }

    @Override
    public void close() {
        Connection c;
        while ((c = pool.poll()) != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
