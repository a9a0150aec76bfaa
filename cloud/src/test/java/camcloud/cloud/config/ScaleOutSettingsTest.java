package camcloud.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code db.*}, {@code storage.*} and {@code node.*}: read, checked, and never shown with their secrets. */
class ScaleOutSettingsTest {

    @TempDir
    Path dir;

    @Test
    void byDefaultANodeIsAloneOnItsEmbeddedDatabaseAndLocalDirectories() {
        CloudConfig config = CloudConfig.defaults();
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.storage().local()).isTrue();
        assertThat(config.cluster().nodeId()).isEmpty();
        assertThat(config.cluster().lease()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void theFileSetsDatabaseStoreAndNode() throws Exception {
        CloudConfig config = read("""
                db.url = jdbc:postgresql://db:5432/camcloud?user=cam&password=s3cret
                db.pool.size = 12
                storage.url = s3://camcloud-video/site-a
                storage.s3.endpoint = http://127.0.0.1:9000
                storage.s3.region = eu-west-1
                storage.s3.access.key = AKIAEXAMPLE
                storage.s3.secret.key = very-secret
                node.id = node-1
                node.advertise = 10.0.0.11
                node.lease.seconds = 6
                node.drain.seconds = 2.5
                """);
        assertThat(config.database().url()).startsWith("jdbc:postgresql://db:5432/");
        assertThat(config.database().poolSize()).isEqualTo(12);
        assertThat(config.storage().url()).isEqualTo("s3://camcloud-video/site-a");
        assertThat(config.storage().s3Region()).isEqualTo("eu-west-1");
        assertThat(config.cluster().nodeId()).isEqualTo("node-1");
        assertThat(config.cluster().advertiseHost()).isEqualTo("10.0.0.11");
        assertThat(config.cluster().lease()).isEqualTo(Duration.ofSeconds(6));
        assertThat(config.cluster().drain()).isEqualTo(Duration.ofMillis(2500));
        // what a log line or an error message may show of them
        assertThat(config.database().toString()).doesNotContain("s3cret").contains("password=***");
        assertThat(config.storage().toString()).doesNotContain("very-secret");
        assertThat(config.toString()).doesNotContain("s3cret").doesNotContain("very-secret");
    }

    @Test
    void badValuesFailFastNamingTheSettingWithoutItsSecret() {
        assertThatThrownBy(() -> read("db.url = mysql://db/camcloud?password=s3cret\n"))
                .hasMessageContaining("db.url").hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> read("db.pool.size = 0\n")).hasMessageContaining("db.pool.size");
        assertThatThrownBy(() -> read("db.pool.size = many\n")).hasMessageContaining("db.pool.size")
                .hasMessageContaining("many");
        assertThatThrownBy(() -> read("storage.url = /var/video\n")).hasMessageContaining("storage.url");
        assertThatThrownBy(() -> read("storage.url = s3://Not_A_Bucket\n")).hasMessageContaining("storage.url");
        assertThatThrownBy(() -> read("storage.s3.endpoint = ftp://x\n")).hasMessageContaining("storage.s3.endpoint");
        assertThatThrownBy(() -> read("node.id = ../../etc\n")).hasMessageContaining("node.id");
        assertThatThrownBy(() -> read("node.lease.seconds = 1\n")).hasMessageContaining("node.lease.seconds");
        assertThatThrownBy(() -> read("node.drain.seconds = -1\n")).hasMessageContaining("node.drain.seconds");
        assertThatThrownBy(() -> read("node.lease = 5\n")).hasMessageContaining("unknown setting 'node.lease'");
    }

    @Test
    void aPasswordIsHiddenInEveryFormOfAddress() {
        assertThat(Redact.url("jdbc:postgresql://h/db?user=u&password=p4ss&ssl=true"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=***&ssl=true");
        assertThat(Redact.url("postgresql://u:p4ss@h:5432/db")).isEqualTo("postgresql://u:***@h:5432/db");
    }

    private CloudConfig read(String text) throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, text);
        return CloudConfig.defaults().withFile(file);
    }
}
