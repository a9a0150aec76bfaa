package camcloud.cli.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code firmware build → publish → target → status} against a real cloud node and a running virtual
 * camera, as a CI pipeline and an operator run them: readable text by default, the API's JSON with
 * {@code --json}; a target the camera would refuse is refused with the reason; the status follows
 * the camera to {@code installed} and the version it runs.
 */
class FirmwarePublishCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void buildPublishTargetAndFollowTheCameraToInstalled() throws Exception {
        CameraModel model = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();
        try (CloudServer cloud = CloudServer.start(CloudConfig.defaults().withDataDir(dir.resolve("data"))
                .withBindHost("127.0.0.1").withPorts(0, 0, 0))) {
            String url = "http://127.0.0.1:" + cloud.httpPort();
            String token = "@" + cloud.operatorTokenFile();
            SigningKey key = SigningKey.generate();
            java.nio.file.Files.createDirectories(dir.resolve("keys"));
            Path keyFile = key.save(dir.resolve("keys"), "ci");
            Path bundle = dir.resolve("out").resolve(model.id()).resolve(model.id() + "-1.2.0.bundle");
            assertThat(FirmwareCli.run("build", "--model", model.id(), "--version", "1.2.0", "--out", dir.resolve("out").toString(),
                    "--key", keyFile.toString()).exit()).isZero();

            FirmwareCli untrusted = FirmwareCli.run("publish", bundle.toString(), "--cloud", url, "--token", token);
            assertThat(untrusted.exit()).isEqualTo(1);
            assertThat(untrusted.err()).startsWith("error: the cloud refused (400): bundle refused: ");

            cloud.firmware().repository().trust(TrustedKey.load(dir.resolve("keys").resolve("ci.pub")));
            FirmwareCli published = FirmwareCli.run("publish", bundle.toString(), "--cloud", url, "--token", token);
            assertThat(published.exit()).as(published.err()).isZero();
            assertThat(published.out()).startsWith("published:     " + model.id() + " 1.2.0\n")
                    .contains("signed by:     key " + key.keyId() + "\n", "installs over: any version\n");
            FirmwareCli publishedJson = FirmwareCli.run("publish", bundle.toString(), "--cloud", url, "--token", token,
                    "--json"); // the same bytes again: no change
            assertThat(JSON.readTree(publishedJson.out()).get("keyId").asText()).isEqualTo(key.keyId());

            Path flash = dir.resolve("cam.flash");
            String serial = FactoryProvisioner.provision(flash, model,
                    new CameraConfig("127.0.0.1", cloud.gatewayPort(), Map.of()), cloud.operatorToken()).serial();

            // a key trusted after the camera was provisioned: the camera did not pin it, the cloud says so
            SigningKey later = SigningKey.generate();
            Path laterKey = later.save(dir.resolve("keys"), "later");
            cloud.firmware().repository().trust(later.trustedKey());
            assertThat(FirmwareCli.run("build", "--model", model.id(), "--version", "1.3.0", "--out",
                    dir.resolve("out").toString(), "--key", laterKey.toString()).exit()).isZero();
            assertThat(FirmwareCli.run("publish", dir.resolve("out").resolve(model.id())
                    .resolve(model.id() + "-1.3.0.bundle").toString(), "--cloud", url, "--token", token).exit()).isZero();
            FirmwareCli unpinned = FirmwareCli.run("target", serial, "--version", "1.3.0", "--cloud", url, "--token",
                    token);
            assertThat(unpinned.exit()).isEqualTo(1);
            assertThat(unpinned.err()).isEqualTo("error: the cloud refused (409): camera " + serial + " pinned keys ["
                    + key.keyId() + "] at provisioning; bundle " + model.id() + " 1.3.0 is signed by key "
                    + later.keyId() + ": the camera would refuse it\n");
            assertThat(FirmwareCli.run("target", serial, "--version", "9.0.0", "--cloud", url, "--token", token)
                    .err()).startsWith("error: the cloud refused (409): no bundle of version 9.0.0 is published");

            EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try (VirtualCamera camera = VirtualCamera.powerOn(flash, loops,
                    AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE))) {
                long end = System.nanoTime() + 60_000_000_000L;
                while (!cloud.presence().isOnline(serial) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                FirmwareCli target = FirmwareCli.run("target", serial, "--version", "1.2.0", "--cloud", url, "--token",
                        token);
                assertThat(target.exit()).as(target.err()).isZero();
                assertThat(target.out()).startsWith("camera:      " + serial + " (" + model.id() + ")\n")
                        .contains("online:      yes\n", "running:     " + VirtualCamera.FACTORY_FIRMWARE + "\n",
                                "pinned keys: " + key.keyId() + "\n")
                        .containsPattern("(?m)^target: +1\\.2\\.0, set \\S+:\\d\\dZ \\([^)]+ ago\\)$")
                        .doesNotContain("warning");

                // the running camera was pushed the offer; status follows it to its reboot onto 1.2.0: installed
                FirmwareCli status = FirmwareCli.run("status", serial, "--cloud", url, "--token", token);
                while (!status.out().contains("state:       installed") && System.nanoTime() < end) {
                    Thread.sleep(50);
                    status = FirmwareCli.run("status", serial, "--cloud", url, "--token", token);
                }
                assertThat(camera.firmwareVersion()).isEqualTo("1.2.0");
                assertThat(status.exit()).as(status.err()).isZero();
                assertThat(status.out()).contains("online:      yes\n", "running:     1.2.0\n",
                                "state:       installed\n")
                        .containsPattern("(?m)^last step: +rebooting \\(1\\.2\\.0\\), \\S+Z \\([^)]+ ago\\)$");

                JsonNode json = JSON.readTree(FirmwareCli.run("status", serial, "--cloud", url, "--token", token,
                        "--json").out());
                assertThat(json.get("state").asText()).isEqualTo("installed");
                assertThat(json.get("runningVersion").asText()).isEqualTo("1.2.0");
                assertThat(json.get("targetVersion").asText()).isEqualTo("1.2.0");
                assertThat(json.get("lastProgress").get("step").asText()).isEqualTo("UPDATE_STEP_REBOOTING");
                assertThat(FirmwareCli.run("status", "no/such", "--cloud", url, "--token", token).err())
                        .startsWith("error: ").contains("SERIAL");
            } finally {
                loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }
}
