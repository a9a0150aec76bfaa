package camcloud.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.gateway.TlsProvider;
import io.netty.handler.ssl.OpenSsl;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gateway.tls.provider}: OpenSSL by default where it loads, either engine by name, anything else named. */
class GatewayTlsSettingTest {

    @TempDir
    Path dir;

    @Test
    void theDefaultIsOpenSslWhereNettysNativeEngineLoads() {
        assertThat(CloudConfig.defaults().gatewayTls())
                .isEqualTo(OpenSsl.isAvailable() ? TlsProvider.OPENSSL : TlsProvider.JDK);
    }

    @Test
    void eitherEngineIsChosenByNameInAnyCase() throws Exception {
        assertThat(read("gateway.tls.provider=jdk").gatewayTls()).isEqualTo(TlsProvider.JDK);
        assertThat(read("gateway.tls.provider = OpenSSL").gatewayTls()).isEqualTo(TlsProvider.OPENSSL);
    }

    @Test
    void anyOtherValueFailsFastNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> read("gateway.tls.provider=boringssl"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway.tls.provider").hasMessageContaining("boringssl")
                .hasMessageContaining("openssl or jdk");
        assertThatThrownBy(() -> read("gateway.tls.provider="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gateway.tls.provider");
    }

    private CloudConfig read(String line) throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, line + "\n");
        return CloudConfig.defaults().withFile(file);
    }
}
