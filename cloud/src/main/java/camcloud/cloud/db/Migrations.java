package camcloud.cloud.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.OptionalInt;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.FluentConfiguration;

/**
 * Versioned schema migrations with Flyway: {@code camcloud/cloud/db/migration/V<NNN>__<what>.sql},
 * one set for both engines ({@link Engine#placeholders()} fills in the few column types they spell
 * differently), applied in order, each once, recorded in {@code flyway_schema_history}. An applied
 * file is never edited (Flyway refuses to start when its checksum changed). On PostgreSQL Flyway
 * holds an advisory lock while it migrates, so nodes starting together migrate once.
 *
 * <p>A database made by camcloud's own former migrator (table {@code schema_version}) is adopted:
 * Flyway records it as a baseline at its version and applies only what came after.
 */
final class Migrations {

    static final String LOCATION = "classpath:camcloud/cloud/db/migration";
    /** The table of the former migrator, kept as it was (nothing reads it any more). */
    static final String LEGACY_TABLE = "schema_version";
    static final String HISTORY_TABLE = "flyway_schema_history";

    private Migrations() {
    }

    /** Brings the schema up to the newest migration; returns how many were applied. */
    static int apply(DataSource ds, Engine engine, String address) {
        try {
            // the former migrator only ever ran on SQLite
            OptionalInt legacy = engine == Engine.SQLITE ? legacyVersion(ds) : OptionalInt.empty();
            FluentConfiguration config = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(ds)
                    .locations(LOCATION)
                    .table(HISTORY_TABLE)
                    .placeholders(engine.placeholders())
                    .loggers("slf4j")
                    .cleanDisabled(true)
                    .failOnMissingLocations(true);
            if (legacy.isPresent()) {
                Flyway adopt = config.baselineVersion(Integer.toString(legacy.getAsInt()))
                        .baselineDescription("adopted from " + LEGACY_TABLE)
                        .load();
                adopt.baseline();
                return adopt.migrate().migrationsExecuted;
            }
            return config.load().migrate().migrationsExecuted;
        } catch (FlywayException e) {
            throw new DatabaseException("cannot migrate the " + engine + " database at " + address + ": "
                    + e.getMessage(), e);
        } catch (SQLException e) {
            throw new DatabaseException("cannot read the schema of the " + engine + " database at " + address
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The version the former migrator left, when the database has its table and Flyway has not
     * taken over yet.
     */
    static OptionalInt legacyVersion(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection()) {
            if (!hasTable(c, LEGACY_TABLE) || hasTable(c, HISTORY_TABLE)) {
                return OptionalInt.empty();
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT MAX(version) FROM " + LEGACY_TABLE)) {
                // 0: the table exists but nothing was applied; a baseline at 0 still lets Flyway in
                return OptionalInt.of(rs.next() ? rs.getInt(1) : 0);
            }
        }
    }

    private static boolean hasTable(Connection c, String name) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        try (ResultSet rs = meta.getTables(null, null, name, new String[] {"TABLE"})) {
            return rs.next();
        }
    }
}
