package camcloud.cloud.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engines the tests start are real servers that answer. */
class EnginesSmokeTest {

    @Test
    void postgresServesAFreshDatabasePerCaller() throws Exception {
        assumeTrue(PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines(), "no PostgreSQL here");
        PostgresServer pg = PostgresServer.require();
        String a = pg.newDatabase();
        String b = pg.newDatabase();
        assertThat(a).isNotEqualTo(b);
        try (Connection c = DriverManager.getConnection(a); ResultSet rs = c.createStatement().executeQuery("SELECT version()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("PostgreSQL");
        }
    }

    @Test
    void s3proxyAnswersGoesAwayOnStopAndComesBack(@TempDir Path dir) throws Exception {
        try (S3Server s3 = S3Server.start(dir)) {
            s3.createBucket("smoke");
            HttpURLConnection c = (HttpURLConnection) URI.create(s3.endpoint() + "/smoke/x").toURL().openConnection();
            assertThat(c.getResponseCode()).isBetween(400, 499); // an S3 error answer: no such key, or no signature
            s3.stop();
            HttpURLConnection gone = (HttpURLConnection) URI.create(s3.endpoint() + "/smoke/x").toURL().openConnection();
            org.assertj.core.api.Assertions.assertThatThrownBy(gone::getResponseCode).isInstanceOf(java.io.IOException.class);
            s3.start();
            HttpURLConnection back = (HttpURLConnection) URI.create(s3.endpoint() + "/smoke/x").toURL().openConnection();
            assertThat(back.getResponseCode()).isBetween(400, 499);
        }
    }
}
