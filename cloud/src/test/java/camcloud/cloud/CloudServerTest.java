package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.config.CloudConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a node creates on first start, and keeps across restarts (cameras in the field pin the CA). */
class CloudServerTest {

    @TempDir
    Path dir;

    @Test
    void firstStartCreatesTokenCaAndSchemaAndARestartKeepsThem() throws Exception {
        CloudConfig config = CloudConfig.defaults().withDataDir(dir).withBindHost("127.0.0.1").withPorts(0, 0, 0)
                .withHeartbeatInterval(Duration.ofMillis(500));
        String token;
        byte[] ca;
        try (CloudServer first = CloudServer.start(config)) {
            token = first.operatorToken();
            ca = first.ca().certificate().getEncoded();
            assertThat(Files.readString(dir.resolve("operator-token")).strip()).isEqualTo(token);
            assertThat(Files.getPosixFilePermissions(dir.resolve("operator-token")))
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            assertThat(Files.getPosixFilePermissions(dir.resolve("pki/ca.key")))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            assertThat(dir.resolve("camcloud.db")).exists();
            int version = first.database().query(c -> {
                try (ResultSet rs = c.createStatement().executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE version IS NOT NULL")) {
                    int max = 0;
                    while (rs.next()) {
                        max = Math.max(max, Integer.parseInt(rs.getString(1)));
                    }
                    return max;
                }
            });
            assertThat(version).isGreaterThanOrEqualTo(10);
            String journal = first.database().query(c -> {
                try (ResultSet rs = c.createStatement().executeQuery("PRAGMA journal_mode")) {
                    return rs.next() ? rs.getString(1) : "";
                }
            });
            assertThat(journal).isEqualToIgnoringCase("wal");
        }
        try (CloudServer second = CloudServer.start(config)) {
            assertThat(second.operatorToken()).isEqualTo(token);
            assertThat(second.ca().certificate().getEncoded()).isEqualTo(ca);
        }
    }

    @Test
    void badConfigFileFailsFastNamingTheSetting() throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, "http.port=eighty\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .hasMessageContaining("http.port").hasMessageContaining("eighty");
        Files.writeString(file, "htp.port=80\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .hasMessageContaining("htp.port");
    }
}
