package camcloud.cloud.db;

import java.sql.SQLException;

/** A database operation failed (I/O, constraint, corrupt file). Unchecked: callers cannot repair it. */
public final class DatabaseException extends RuntimeException {

    /** SQLite's primary result code for a violated constraint (the low byte of the extended codes). */
    private static final int SQLITE_CONSTRAINT = 19;
    /** The SQL standard's unique violation (PostgreSQL reports it). */
    private static final String UNIQUE_VIOLATION = "23505";

    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when the statement failed because a row with the same unique key exists (a race lost to
     * another insert), on either engine.
     */
    public boolean uniqueViolation() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && (UNIQUE_VIOLATION.equals(sql.getSQLState())
                    || (sql.getSQLState() == null && (sql.getErrorCode() & 0xff) == SQLITE_CONSTRAINT
                            && String.valueOf(sql.getMessage()).contains("UNIQUE")))) {
                return true;
            }
        }
        return false;
    }
}
