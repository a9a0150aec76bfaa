package camcloud.device.boot;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.flash.FlashChip;
import camcloud.device.system.SystemRun;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.image.StandInFault;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad builds on purpose (rollout tests and demos): what a stand-in kernel built with a fault does at boot. */
class StandInFaultBootTest {

    private static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();

    @TempDir
    Path dir;

    private BootResult boot(StandInFault fault) throws Exception {
        byte[] image = FirmwareBuilder.build(MODEL, new BuildRequest(FirmwareVersion.parse("1.2.0"), 0, 0,
                BuildInputs.standIns(fault))).flashImage();
        Path file = dir.resolve(fault + ".flash");
        Files.write(file, image);
        try (FlashChip chip = FlashChip.open(file, MODEL.eraseBlockSize())) {
            chip.syncEachOperation(false);
            return UBoot.powerOn(chip, MODEL);
        }
    }

    @Test
    void aGoodBuildBootsWithNoFault() throws Exception {
        BootResult boot = boot(StandInFault.NONE);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.BOOTED);
        assertThat(boot.fault()).isEqualTo(StandInFault.NONE);
    }

    @Test
    void aPanicBuildIsIntactButItsKernelPanicsSoTheCameraNeverComesBack() throws Exception {
        BootResult boot = boot(StandInFault.PANIC);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.KERNEL_PANIC);
        assertThat(boot.console()).doesNotContain("Bad Data CRC")
                .anySatisfy(line -> assertThat(line).startsWith("Kernel panic - not syncing: stand-in build with "
                        + "fault=panic"));
    }

    @Test
    void aNoVideoBuildBootsOnTheNewVersionAndTellsTheSystemToLeaveTheVideoOff() throws Exception {
        BootResult boot = boot(StandInFault.NO_VIDEO);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.BOOTED);
        assertThat(boot.kernelVersion()).isEqualTo("1.2.0");
        assertThat(boot.fault()).isEqualTo(StandInFault.NO_VIDEO);
        assertThat(new SystemRun(SystemRun.Outcome.NORMAL, "1.2.0", 1, List.of(), boot.fault()).videoRuns()).isFalse();
        assertThat(new SystemRun(SystemRun.Outcome.NORMAL, "1.2.0", 1, List.of()).videoRuns()).isTrue();
    }
}
