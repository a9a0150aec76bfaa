package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.device.flash.FlashChip;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.system.CameraSystem;
import camcloud.device.system.SystemRun;
import camcloud.device.updater.AppSeal;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.LedState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Recovery mode on its own: a camera whose app partition is broken (no target set for it) asks the
 * cloud for its model's firmware; with nothing published it waits with the error LED, and once a
 * bundle is published it repairs itself at the next power-on — the same version as its kernel is
 * accepted in recovery (finishing, not downgrading).
 */
class RecoveryModeTest {

    private static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();

    @TempDir
    Path dir;

    @Test
    void brokenAppPartitionIsRepairedFromTheCloudWithoutATarget() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareFixture fw = new FirmwareFixture(cloud.server());
            Path flash = dir.resolve("cam.flash");
            FactoryProvisioner.provision(flash, MODEL, cloud.cloudAddress(), cloud.server().operatorToken());
            try (FlashChip chip = FlashChip.open(flash, MODEL.eraseBlockSize())) {
                long app = MODEL.layout().partition("app").offset();
                chip.erase(app + MODEL.eraseBlockSize(), MODEL.eraseBlockSize()); // a hole in the app image
            }

            CameraSystem system = FirmwareFixture.system(flash);
            SystemRun waiting = system.powerOn();
            assertThat(waiting.outcome()).isEqualTo(SystemRun.Outcome.RECOVERY_PENDING);
            assertThat(waiting.log()).anyMatch(l -> l.contains("recovery mode"))
                    .anyMatch(l -> l.contains("offers nothing"));
            assertThat(system.led()).isEqualTo(LedState.LED_STATE_ERROR);

            fw.publish(MODEL, "0.1.0"); // the factory version itself: recovery finishes, it does not need newer
            SystemRun repaired = system.powerOn();
            assertThat(repaired.outcome()).as(String.join("\n", repaired.log())).isEqualTo(SystemRun.Outcome.NORMAL);
            assertThat(repaired.runningVersion()).isEqualTo("0.1.0");
            assertThat(system.led()).isEqualTo(LedState.LED_STATE_ONLINE);
            try (FlashChip chip = FlashChip.open(flash, MODEL.eraseBlockSize())) {
                assertThat(AppSeal.valid(chip, MODEL, "0.1.0")).isTrue();
            }
        }
    }
}
