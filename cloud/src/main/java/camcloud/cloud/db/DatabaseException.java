package camcloud.cloud.db;

/** A database operation failed (I/O, constraint, corrupt file). Unchecked: callers cannot repair it. */
public final class DatabaseException extends RuntimeException {
    public DatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
