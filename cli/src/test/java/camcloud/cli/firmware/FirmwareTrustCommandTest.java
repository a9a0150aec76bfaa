package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.firmware.bundle.SigningKey;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code firmware keygen → trust} against a real cloud node, as an operator sets up a new cloud. */
class FirmwareTrustCommandTest {

    @TempDir
    Path dir;

    @Test
    void trustsAPublicKeyAndRefusesAPrivateOne() throws Exception {
        try (CloudServer cloud = CloudServer.start(CloudConfig.defaults().withDataDir(dir.resolve("data"))
                .withBindHost("127.0.0.1").withPorts(0, 0, 0))) {
            String url = "http://127.0.0.1:" + cloud.httpPort();
            String token = "@" + cloud.operatorTokenFile();
            SigningKey key = SigningKey.generate();
            Files.createDirectories(dir.resolve("keys"));
            Path privateKey = key.save(dir.resolve("keys"), "ci");
            Path pub = dir.resolve("keys").resolve("ci.pub");

            FirmwareCli refused = FirmwareCli.run("trust", privateKey.toString(), "--cloud", url, "--token", token);
            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).startsWith("error: ").contains("expected format=camcloud-trusted-key/1");
            assertThat(FirmwareCli.run("trust", pub.toString(), "--cloud", url, "--token", "wrong-token").err()).contains("401");
            assertThat(cloud.firmware().repository().trustedKeys()).isEmpty();

            FirmwareCli trusted = FirmwareCli.run("trust", pub.toString(), "--cloud", url, "--token", token);
            assertThat(trusted.exit()).as(trusted.err()).isZero();
            assertThat(trusted.out()).startsWith("trusted key: " + key.keyId() + "\n")
                    .contains("pinned by:   cameras provisioned from now on");
            assertThat(cloud.firmware().repository().trustedKeys()).containsExactly(key.trustedKey());

            FirmwareCli json = FirmwareCli.run("trust", pub.toString(), "--cloud", url, "--token", token, "--json");
            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(json.out()).isEqualTo("{\"keyId\":\"" + key.keyId() + "\"}\n");
        }
    }
}
