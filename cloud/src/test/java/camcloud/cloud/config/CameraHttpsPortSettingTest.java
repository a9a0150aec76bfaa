package camcloud.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The camera HTTPS port: 8443 by default, {@code camera.https.port} in the file, checked like the others. */
class CameraHttpsPortSettingTest {

    @TempDir
    Path dir;

    @Test
    void defaultsTo8443AndComesFromTheFile() throws Exception {
        assertThat(CloudConfig.defaults().cameraHttpsPort()).isEqualTo(8443);
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, "camera.https.port=9443\n");
        CloudConfig config = CloudConfig.defaults().withFile(file);
        assertThat(config.cameraHttpsPort()).isEqualTo(9443);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.gatewayPort()).isEqualTo(7443);
    }

    @Test
    void aBadValueFailsFastNamingTheSetting() throws Exception {
        Path file = dir.resolve("camcloud.properties");
        Files.writeString(file, "camera.https.port=https\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .hasMessageContaining("camera.https.port").hasMessageContaining("https");
        Files.writeString(file, "camera.https.port=70000\n");
        assertThatThrownBy(() -> CloudConfig.defaults().withFile(file))
                .hasMessageContaining("camera.https.port").hasMessageContaining("70000");
    }

    @Test
    void portsAreSetTogether() {
        assertThat(CloudConfig.defaults().withPorts(0, 0, 0).cameraHttpsPort()).isZero();
        CloudConfig explicit = CloudConfig.defaults().withPorts(8081, 7444, 8444);
        assertThat(explicit.httpPort()).isEqualTo(8081);
        assertThat(explicit.gatewayPort()).isEqualTo(7444);
        assertThat(explicit.cameraHttpsPort()).isEqualTo(8444);
    }
}
