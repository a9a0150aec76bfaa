package camcloud.device.updater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.boot.BootResult;
import camcloud.device.boot.UBoot;
import camcloud.device.flash.FlashChip;
import camcloud.device.flash.PowerCut;
import camcloud.device.flash.PowerCutException;
import camcloud.device.provision.FactoryImage;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The write order alone, without a cloud: a power cut at every erase and every block program of
 * an update (a sample of them here; the cloud's proof test tries every one) leaves a chip U-Boot boots (main or backup), and installing again from there — what
 * recovery mode does — ends on the new version with a whole app partition.
 */
class FirmwareWriterPowerCutTest {

    private static final CameraModel MODEL = CameraModels.builtIn().find("hi3518ev200-8m").orElseThrow();

    @TempDir
    Path dir;

    @Test
    void everyCutPointLeavesABootableChipAndASecondInstallFinishes() throws Exception {
        Firmware next = TestFirmware.build(MODEL, "1.0.0");
        Path factory = dir.resolve("factory.flash");
        Files.write(factory, FactoryImage.forModel(MODEL));
        Path work = dir.resolve("work.flash");

        Files.copy(factory, work, StandardCopyOption.REPLACE_EXISTING);
        long total;
        try (FlashChip chip = FlashChip.open(work, MODEL.eraseBlockSize())) {
            chip.syncEachOperation(false);
            PowerCut counting = PowerCut.counting(PowerCut.Granularity.BLOCK);
            chip.arm(counting);
            new FirmwareWriter(chip, MODEL, (s, d, t) -> { }).install("1.0.0", next.kernelUImage(), next.app());
            total = counting.operations();
        }
        assertThat(total).isGreaterThan(200);

        int bricks = 0;
        int tried = 0;
        for (long cut = 0; cut < total; cut += cut % 5 == 0 ? 1 : 4) { // a sample; the cloud proof test tries them all
            tried++;
            Files.copy(factory, work, StandardCopyOption.REPLACE_EXISTING);
            try (FlashChip chip = FlashChip.open(work, MODEL.eraseBlockSize())) {
                chip.syncEachOperation(false);
                chip.arm(PowerCut.at(cut, PowerCut.Granularity.BLOCK, cut));
                assertThatThrownBy(() -> new FirmwareWriter(chip, MODEL, (s, d, t) -> { })
                        .install("1.0.0", next.kernelUImage(), next.app())).isInstanceOf(PowerCutException.class);
            }
            try (FlashChip chip = FlashChip.open(work, MODEL.eraseBlockSize())) {
                chip.syncEachOperation(false);
                BootResult boot = UBoot.powerOn(chip, MODEL);
                if (!boot.booted()) {
                    bricks++;
                    continue;
                }
                boolean recovering = boot.backup() || !AppSeal.valid(chip, MODEL, boot.kernelVersion());
                assertThat(recovering || boot.kernelVersion().equals("1.0.0")).as("cut %d", cut).isTrue();
                new FirmwareWriter(chip, MODEL, (s, d, t) -> { }).install("1.0.0", next.kernelUImage(), next.app());
                BootResult after = UBoot.powerOn(chip, MODEL);
                assertThat(after.kernelVersion()).as("cut %d", cut).isEqualTo("1.0.0");
                assertThat(after.backup()).isFalse();
                assertThat(AppSeal.valid(chip, MODEL, "1.0.0")).isTrue();
            }
        }
        System.out.println("FirmwareWriter: " + tried + " of " + total + " cut points, " + bricks + " bricks");
        assertThat(bricks).isZero();
    }
}
