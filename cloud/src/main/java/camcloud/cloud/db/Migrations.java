package camcloud.cloud.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Versioned schema migrations: {@code db/migration/V<NNN>__<what>.sql} resources, applied in order,
 * each once, recorded in {@code schema_version}. A new migration is a new file listed in
 * {@link #FILES}; an applied file is never edited.
 */
final class Migrations {

    /** In order. The number in the name is the version. */
    static final List<String> FILES = List.of(
            "V001__accounts_and_devices.sql",
            "V002__recordings.sql",
            "V003__camera_timelines.sql",
            "V004__firmware.sql",
            "V005__ownership_and_sharing.sql",
            "V006__firmware_pinned_keys.sql",
            "V007__events.sql",
            "V008__camera_settings.sql",
            "V009__notifications_and_webhooks.sql",
            "V010__event_recording.sql",
            "V012__recording_marks.sql");

    private static final String FOLDER = "/camcloud/cloud/db/migration/";

    private Migrations() {
    }

    static Void apply(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                    + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
        }
        int current = currentVersion(c);
        for (String file : FILES) {
            int version = Integer.parseInt(file.substring(1, file.indexOf("__")));
            if (version <= current) {
                continue;
            }
            for (String statement : statements(read(file))) {
                try (Statement s = c.createStatement()) {
                    s.execute(statement);
                }
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                p.setInt(1, version);
                p.setString(2, file);
                p.setLong(3, System.currentTimeMillis());
                p.executeUpdate();
            }
        }
        return null;
    }

    static int currentVersion(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(version), 0) FROM schema_version")) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static String read(String file) {
        try (InputStream in = Migrations.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("migration " + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + file, e);
        }
    }

    /** Splits a migration on ';' at line ends, dropping {@code --} comments. Migrations hold no ';' in strings. */
    static List<String> statements(String sql) {
        StringBuilder clean = new StringBuilder();
        for (String line : sql.split("\n")) {
            int comment = line.indexOf("--");
            clean.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
        }
        return java.util.Arrays.stream(clean.toString().split(";"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
