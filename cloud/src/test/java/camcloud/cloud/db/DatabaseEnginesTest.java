package camcloud.cloud.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.config.DatabaseConfig;
import camcloud.cloud.engines.OnBothDatabases;
import camcloud.cloud.engines.PostgresServer;
import camcloud.cloud.engines.TestDatabases.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database layer itself on both engines: migrations, serial transactions, errors, meters, adoption. */
class DatabaseEnginesTest {

    @TempDir
    Path dir;

    @OnBothDatabases
    void migrationsBuildTheWholeSchemaAndRunOnce(TestDatabase engine) {
        DatabaseConfig config = engine.config(dir);
        try (Database db = Database.open(config, dir, new SimpleMeterRegistry())) {
            assertThat(versions(db)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
            db.inTransaction(c -> insertUser(c, "alice"));
        }
        try (Database again = Database.open(config, dir, new SimpleMeterRegistry())) {
            assertThat(versions(again)).hasSize(13);
            assertThat(count(again, "SELECT COUNT(*) FROM users")).isEqualTo(1);
        }
    }

    @OnBothDatabases
    void transactionsThatReadThenWriteNeverLoseAnUpdate(TestDatabase engine) throws Exception {
        try (Database db = engine.open(dir)) {
            db.query(c -> update(c, "INSERT INTO recording_settings (camera_serial, retention_bytes) VALUES ('C1', 0)"));
            int threads = 4;
            int each = 25;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    done.add(pool.submit(() -> {
                        for (int i = 0; i < each; i++) {
                            db.inTransaction(c -> {
                                long v = count(c, "SELECT retention_bytes FROM recording_settings WHERE camera_serial = 'C1'");
                                try (PreparedStatement p = c.prepareStatement(
                                        "UPDATE recording_settings SET retention_bytes = ? WHERE camera_serial = 'C1'")) {
                                    p.setLong(1, v + 1);
                                    p.executeUpdate();
                                }
                            });
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                pool.shutdown();
            }
            assertThat(count(db, "SELECT retention_bytes FROM recording_settings WHERE camera_serial = 'C1'"))
                    .isEqualTo((long) threads * each);
        }
    }

    @OnBothDatabases
    void aDuplicateKeyIsAUniqueViolationAndTheTransactionLeavesNothing(TestDatabase engine) {
        try (Database db = engine.open(dir)) {
            db.inTransaction(c -> insertUser(c, "alice"));
            assertThatThrownBy(() -> db.inTransaction(c -> {
                insertUser(c, "bob");
                insertUser(c, "alice");
            })).isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.uniqueViolation()).isTrue());
            assertThat(count(db, "SELECT COUNT(*) FROM users")).isEqualTo(1);
            assertThatThrownBy(() -> db.query(c -> update(c, "INSERT INTO sessions (token_hash, user_id, created_at, "
                    + "expires_at) VALUES ('t', 999, 0, 0)")))
                    .isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.uniqueViolation()).isFalse());
        }
    }

    @OnBothDatabases
    void bytesAndLargeNumbersComeBackAsStored(TestDatabase engine) {
        try (Database db = engine.open(dir)) {
            byte[] key = {0, 1, (byte) 0xff, 0x7f, (byte) 0x80};
            long big = (1L << 40) + 7;
            db.query(c -> {
                try (PreparedStatement p = c.prepareStatement("INSERT INTO devices (serial, mac, model, public_key, "
                        + "certificate, claim_code_hash, registered_at) VALUES ('S', 'm', 'x', ?, ?, 'h', ?)")) {
                    p.setBytes(1, key);
                    p.setBytes(2, new byte[0]);
                    p.setLong(3, big);
                    return p.executeUpdate();
                }
            });
            byte[] back = db.query(c -> {
                try (Statement s = c.createStatement();
                     ResultSet rs = s.executeQuery("SELECT public_key, registered_at FROM devices")) {
                    rs.next();
                    assertThat(rs.getLong(2)).isEqualTo(big);
                    return rs.getBytes(1);
                }
            });
            assertThat(back).isEqualTo(key);
        }
    }

    @OnBothDatabases
    void workAndThePoolAreMetered(TestDatabase engine) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (Database db = engine.open(dir, registry)) {
            db.query(c -> count(c, "SELECT COUNT(*) FROM users"));
            db.inTransaction(c -> insertUser(c, "alice"));
            assertThat(registry.get("camcloud.db.work").tag("kind", "query").tag("outcome", "ok").timer().count())
                    .isEqualTo(1);
            assertThat(registry.get("camcloud.db.work").tag("kind", "transaction").tag("outcome", "ok").timer().count()).isEqualTo(1);
            assertThat(registry.get("camcloud.db.pool.max").gauge().value()).isEqualTo(4);
            assertThat(registry.get("camcloud.db.connection.wait").timer().count()).isEqualTo(2);
            assertThat(db.problem()).isEmpty();
            db.close();
            assertThat(db.problem()).hasValueSatisfying(p -> assertThat(p).contains(engine.toString()));
        }
        assertThat(registry.find("camcloud.db.pool.max").gauge()).isNull();
    }

    @Test
    void sqliteKeepsItsDurabilitySettings() {
        try (Database db = Database.openSqlite(dir.resolve("camcloud.db"))) {
            assertThat(db.engine()).isEqualTo(Engine.SQLITE);
            assertThat(pragma(db, "journal_mode")).isEqualToIgnoringCase("wal");
            assertThat(pragma(db, "synchronous")).isEqualTo("2"); // FULL
            assertThat(pragma(db, "foreign_keys")).isEqualTo("1");
            assertThat(pragma(db, "busy_timeout")).isEqualTo("10000");
        }
    }

    @Test
    void anUnreachablePostgresqlIsNamedWithoutItsPassword() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/camcloud?user=cam&password=s3cret";
        assertThatThrownBy(() -> Database.open(new DatabaseConfig(url, 2), dir, new SimpleMeterRegistry()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining("127.0.0.1:" + port + "/camcloud")
                .hasMessageContaining("password=***")
                .hasMessageNotContaining("s3cret")
                .hasNoCause();
    }

    @Test
    void aPostgresqlThatRefusesIsNamed() {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(), "no PostgreSQL here");
        String url = PostgresServer.require().baseUrl() + "no_such_database?user=postgres&password=s3cret";
        assertThatThrownBy(() -> Database.open(new DatabaseConfig(url, 2), dir, new SimpleMeterRegistry()))
                .isInstanceOf(DatabaseException.class)
                .hasMessageContaining("PostgreSQL")
                .hasMessageContaining("no_such_database")
                .hasMessageNotContaining("s3cret");
    }

    /** A node upgraded from the former migrator: its data stays, Flyway takes over at its version. */
    @Test
    void aDatabaseOfTheFormerMigratorIsAdoptedAtItsVersion() throws Exception {
        Path file = dir.resolve("camcloud.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                        + "applied_at INTEGER NOT NULL)");
            }
            for (int v = 1; v <= 7; v++) {
                for (String statement : legacyStatements(v)) {
                    try (Statement s = c.createStatement()) {
                        s.execute(statement);
                    }
                }
                update(c, "INSERT INTO schema_version VALUES (" + v + ", 'V00" + v + "', 0)");
            }
            insertUser(c, "alice");
            update(c, "INSERT INTO events (public_id, camera_serial, camera_event_id, type, start_us, score, details, "
                    + "created_at) VALUES ('p', 'C1', 'e1', 'motion', 5, 0.5, '{}', 0)");
        }
        try (Database db = Database.openSqlite(file)) {
            assertThat(count(db, "SELECT COUNT(*) FROM users WHERE username = 'alice'")).isEqualTo(1);
            assertThat(count(db, "SELECT COUNT(*) FROM events")).isEqualTo(1);
            assertThat(versions(db)).containsExactly(7, 8, 9, 10, 11, 12, 13); // the baseline, then what came after
            assertThat(count(db, "SELECT COUNT(*) FROM segments WHERE event_clip = 0")).isZero(); // V010 ran
            assertThat(count(db, "SELECT COUNT(*) FROM camera_settings")).isZero(); // V008 ran
        }
        try (Database again = Database.openSqlite(file)) {
            assertThat(versions(again)).containsExactly(7, 8, 9, 10, 11, 12, 13);
        }
    }

    /** Migration {@code v} as the former migrator ran it on SQLite (statements split at ';'). */
    private static List<String> legacyStatements(int v) throws IOException {
        String name = switch (v) {
            case 1 -> "V001__accounts_and_devices.sql";
            case 2 -> "V002__recordings.sql";
            case 3 -> "V003__camera_timelines.sql";
            case 4 -> "V004__firmware.sql";
            case 5 -> "V005__ownership_and_sharing.sql";
            case 6 -> "V006__firmware_pinned_keys.sql";
            case 7 -> "V007__events.sql";
            default -> throw new IllegalArgumentException("no legacy migration " + v);
        };
        String sql;
        try (InputStream in = DatabaseEnginesTest.class.getResourceAsStream("/camcloud/cloud/db/migration/" + name)) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            int comment = line.indexOf("--");
            clean.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        String rendered = clean.toString().replace("${id}", "INTEGER PRIMARY KEY").replace("${bytes}", "BLOB");
        return java.util.Arrays.stream(rendered.split(";")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<Integer> versions(Database db) {
        return db.query(c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT version FROM flyway_schema_history WHERE version IS NOT NULL "
                         + "ORDER BY installed_rank")) {
                List<Integer> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(Integer.parseInt(rs.getString(1)));
                }
                return out;
            }
        });
    }

    private static String pragma(Database db, String name) {
        return db.query(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    private static void insertUser(Connection c, String name) throws SQLException {
        update(c, "INSERT INTO users (username, password_hash, created_at) VALUES ('" + name + "', 'x', 0)");
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    private static long count(Database db, String sql) {
        return db.query(c -> count(c, sql));
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
