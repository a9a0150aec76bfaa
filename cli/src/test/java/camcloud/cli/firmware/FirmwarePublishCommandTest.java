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
 * camera, as a CI pipeline and an operator run them.
 */
class FirmwarePublishCommandTest {

    @TempDir
    Path dir;

    @Test
    void buildPublishAndTarget() throws Exception {
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
            assertThat(untrusted.err()).startsWith("error: ").contains("400");

            cloud.firmware().repository().trust(TrustedKey.load(dir.resolve("keys").resolve("ci.pub")));
            FirmwareCli published = FirmwareCli.run("publish", bundle.toString(), "--cloud", url, "--token", token);
            assertThat(published.exit()).as(published.err()).isZero();
            assertThat(published.out()).contains("\"version\":\"1.2.0\"");

            Path flash = dir.resolve("cam.flash");
            String serial = FactoryProvisioner.provision(flash, model,
                    new CameraConfig("127.0.0.1", cloud.gatewayPort(), Map.of()), cloud.operatorToken()).serial();
            EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
            try (VirtualCamera camera = VirtualCamera.powerOn(flash, loops,
                    AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE))) {
                FirmwareCli target = FirmwareCli.run("target", serial, "--version", "1.2.0", "--cloud", url, "--token",
                        token);
                assertThat(target.exit()).as(target.err()).isZero();
                assertThat(target.out()).contains("\"targetVersion\":\"1.2.0\"");
                assertThat(FirmwareCli.run("target", serial, "--version", "9.0.0", "--cloud", url, "--token", token)
                        .err()).contains("409");

                // the running camera was pushed the offer; status follows it to the reboot onto 1.2.0
                long end = System.nanoTime() + 60_000_000_000L;
                while (!"1.2.0".equals(camera.firmwareVersion()) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertThat(camera.firmwareVersion()).isEqualTo("1.2.0");
                FirmwareCli status = FirmwareCli.run("status", serial, "--cloud", url, "--token", token);
                while (!status.out().contains("UPDATE_STEP_REBOOTING") && System.nanoTime() < end) {
                    Thread.sleep(50); // the camera's last report may still be on its way into the database
                    status = FirmwareCli.run("status", serial, "--cloud", url, "--token", token);
                }
                assertThat(status.exit()).as(status.err()).isZero();
                assertThat(status.out()).contains("\"targetVersion\":\"1.2.0\"").contains("UPDATE_STEP_REBOOTING");
                assertThat(FirmwareCli.run("status", "no/such", "--cloud", url, "--token", token).err())
                        .startsWith("error: ").contains("SERIAL");
            } finally {
                loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
        }
    }
}
