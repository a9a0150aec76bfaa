package camcloud.cloud.db;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * PostgreSQL's side of "transactions are serial": a SERIALIZABLE transaction that would break that
 * promise is aborted with SQLState 40001 (serialization failure) or 40P01 (deadlock) and is meant to
 * be run again. These say which failures qualify and how long to wait before the next try (growing,
 * with jitter, so the transactions that collided do not collide again).
 */
final class SerializationFailures {

    /** Tries in all, the first included; past that the failure reaches the caller. */
    static final int ATTEMPTS = 8;
    private static final long MAX_BACKOFF_MILLIS = 200;

    private SerializationFailures() {
    }

    /** True when {@code e} (or what it wraps) is a failure that running the transaction again resolves. */
    static boolean retryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException s = sql; s != null; s = s.getNextException()) {
                    if ("40001".equals(s.getSQLState()) || "40P01".equals(s.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Sleeps before try {@code attempt + 1} (attempt counts from 1). */
    static void backOff(int attempt) {
        long ceiling = Math.min(MAX_BACKOFF_MILLIS, 2L << Math.min(attempt, 10));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, ceiling + 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DatabaseException("interrupted before retrying a transaction", e);
        }
    }
}
