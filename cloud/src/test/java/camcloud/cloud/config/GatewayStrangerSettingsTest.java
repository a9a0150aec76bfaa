package camcloud.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.gateway.StrangerLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's limits for unauthenticated connections: defaults, the three keys, bad values named. */
class GatewayStrangerSettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsAreFiveSecondsThirtyTwoPerAddressAndFiveHundredOnTheNode() {
        StrangerLimits limits = CloudConfig.defaults().strangers();
        assertThat(limits.deadline()).isEqualTo(Duration.ofSeconds(5));
        assertThat(limits.perAddress()).isEqualTo(32);
        assertThat(limits.total()).isEqualTo(500);
        assertThat(limits.frameLimits().maxFrameBytes()).isEqualTo(16 * 1024);
    }

    @Test
    void theKeysComeFromTheFileAndZeroLiftsThePerAddressLimit() throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, """
                gateway.unauthenticated.seconds=2.5
                gateway.unauthenticated.per.address=0
                gateway.unauthenticated.max=4000
                """);
        StrangerLimits limits = CloudConfig.defaults().withFile(file).strangers();
        assertThat(limits.deadline()).isEqualTo(Duration.ofMillis(2500));
        assertThat(limits.perAddress()).isZero();
        assertThat(limits.total()).isEqualTo(4000);
    }

    @Test
    void aBadValueFailsFastNamingTheSetting() throws Exception {
        assertRefused("gateway.unauthenticated.seconds=soon", "gateway.unauthenticated.seconds", "soon");
        assertRefused("gateway.unauthenticated.seconds=0", "gateway.unauthenticated.seconds", "0.0");
        assertRefused("gateway.unauthenticated.per.address=-1", "gateway.unauthenticated.per.address", "-1");
        assertRefused("gateway.unauthenticated.max=0", "gateway.unauthenticated.max", "0");
    }

    private void assertRefused(String line, String key, String value) throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, line + "\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key).hasMessageContaining(value);
    }
}
