package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.device.flash.PowerCut;
import camcloud.device.system.PowerCutProof;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of the article's promise: every erase and every block program of a full update is a
 * power-cut point (torn), and after each one the camera, powered on with the cloud reachable, boots
 * and finishes the update by itself — new version, whole app partition, {@code tech} and
 * {@code config} untouched. Every 32nd point also cuts the power a second time during the recovery.
 * Prints "N cut points, M bricks" and requires M = 0.
 */
class PowerCutProofTest {

    @TempDir
    Path dir;

    @Test
    void everyPowerCutDuringAnUpdateEndsOnTheNewVersionWithoutABrick() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            CameraModel model = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow(); // 8 MiB: fewer points, same order
            fw.publish(model, "1.0.0");
            List<Path> cameras = new ArrayList<>();
            for (int i = 0; i < 2; i++) { // one camera per worker: two cores
                Path flash = dir.resolve("camera-" + i + ".flash");
                FactoryProvisioner.Provisioned camera = FactoryProvisioner.provision(flash, model, cloud.cloudAddress(),
                        cloud.server().operatorToken());
                cloud.server().firmware().setTarget(camera.serial(), model.id(), "1.0.0");
                cameras.add(flash);
            }
            PowerCutProof.Result result = new PowerCutProof(cameras, dir.resolve("cuts"), model, FirmwareFixture::system, "1.0.0",
                    PowerCut.Granularity.BLOCK, 32).run();
            System.out.println(result.line());
            System.out.println("(" + result.secondCuts() + " with a second cut during recovery, "
                    + result.elapsedMillis() + " ms)");
            result.failures().stream().limit(10).forEach(System.out::println);
            assertThat(result.cutPoints()).isGreaterThan(200);
            assertThat(result.bricks()).isZero();
        }
    }
}
