package camcloud.cloud.config;

import java.util.Properties;
import java.util.Set;

/**
 * Which relational database the node uses (part of {@link CloudConfig}), with its properties keys:
 *
 * <ul>
 *   <li>{@code db.url} — a JDBC URL: empty (the default) is the embedded SQLite file
 *       {@code DATA/camcloud.db}; {@code jdbc:postgresql://HOST:PORT/DB?user=U&password=P} is a
 *       PostgreSQL server that several nodes share. Also {@code --db} on {@code server}.</li>
 *   <li>{@code db.pool.size} — connections the node keeps open to it (default 8, 1 to 200).</li>
 * </ul>
 *
 * {@link #toString()} never shows a password.
 */
public record DatabaseConfig(String url, int poolSize) {

    public static final Set<String> KEYS = Set.of("db.url", "db.pool.size");
    static final int MAX_POOL = 200;

    public DatabaseConfig {
        url = url == null ? "" : url.strip();
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:sqlite:")) {
            throw new IllegalArgumentException("db.url must be empty (embedded SQLite), jdbc:sqlite:FILE or "
                    + "jdbc:postgresql://HOST:PORT/DB?user=U&password=P, was '" + Redact.url(url) + "'");
        }
        if (poolSize < 1 || poolSize > MAX_POOL) {
            throw new IllegalArgumentException("db.pool.size must be between 1 and " + MAX_POOL + ", was " + poolSize);
        }
    }

    public static DatabaseConfig defaults() {
        return new DatabaseConfig("", 8);
    }

    /** True when the node uses the embedded SQLite file in its data directory. */
    public boolean embedded() {
        return url.isEmpty();
    }

    public DatabaseConfig withUrl(String jdbcUrl) {
        return new DatabaseConfig(jdbcUrl, poolSize);
    }

    DatabaseConfig with(Properties p) {
        return new DatabaseConfig(p.getProperty("db.url", url),
                p.containsKey("db.pool.size") ? Settings.wholeInt(p, "db.pool.size") : poolSize);
    }

    @Override
    public String toString() {
        return "DatabaseConfig[url=" + (embedded() ? "(embedded SQLite)" : Redact.url(url)) + ", poolSize=" + poolSize + "]";
    }
}
