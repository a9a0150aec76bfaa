package camcloud.device.boot;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.flash.FlashChip;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.image.BootEnvironment;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageArch;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageHeader;
import camcloud.firmware.uimage.UImageOs;
import camcloud.firmware.uimage.UImageType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The boot script interpreter against U-Boot's behaviour, sharp edges included. */
class UBootTest {

    private static final CameraModel MODEL = CameraModels.builtIn().find("xiaomi-yi-ants").orElseThrow();

    @TempDir
    Path dir;
    private Firmware firmware;
    private FlashChip chip;
    private Partition kernel;
    private Partition app;

    @BeforeEach
    void flash() throws Exception {
        firmware = FirmwareBuilder.build(MODEL, new BuildRequest(FirmwareVersion.parse("1.0.0"), 0, 1_700_000_000L,
                BuildInputs.standIns()));
        Path file = dir.resolve("cam.flash");
        Files.write(file, firmware.flashImage());
        chip = FlashChip.open(file, MODEL.eraseBlockSize());
        chip.syncEachOperation(false);
        kernel = MODEL.layout().partition("kernel");
        app = MODEL.layout().partition("app");
    }

    @Test
    void factoryImageBootsTheMainKernelWithTheEnvironmentsBootargs() {
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.BOOTED);
        assertThat(boot.kernelVersion()).isEqualTo("1.0.0");
        assertThat(boot.model()).isEqualTo(MODEL.id());
        assertThat(boot.flashOffset()).isEqualTo(kernel.offset());
        assertThat(boot.bootArgs()).isEqualTo(BootEnvironment.bootArgs(MODEL));
        assertThat(boot.backup()).isFalse();
    }

    @Test
    void badMainKernelFallsThroughToTheBackupWithBkp1() {
        chip.rewrite(app.offset(), kernel.size(), firmware.kernelUImage());
        corrupt(kernel.offset() + 100_000);
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.BOOTED);
        assertThat(boot.flashOffset()).isEqualTo(app.offset());
        assertThat(boot.bootArgs()).isEqualTo(BootEnvironment.bootArgs(MODEL) + " bkp=1");
        assertThat(boot.backup()).isTrue();
        assertThat(boot.console()).contains("Bad Data CRC");
    }

    @Test
    void erasedMainKernelFailsOnTheMagicAndFallsThrough() {
        chip.rewrite(app.offset(), kernel.size(), firmware.kernelUImage());
        chip.erase(kernel.offset(), kernel.size());
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.backup()).isTrue();
        assertThat(boot.console()).contains("Bad Magic Number");
    }

    @Test
    void noValidKernelAnywhereLeavesUBootAtItsPrompt() {
        corrupt(kernel.offset() + 10); // header CRC
        BootResult boot = UBoot.powerOn(chip, MODEL); // app partition holds the app, not a kernel
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.NO_KERNEL);
        assertThat(boot.console()).contains("Bad Header Checksum", "Bad Magic Number");
    }

    @Test
    void sharpEdgeVerifyNJumpsIntoACorruptKernelInsteadOfTheBackup() {
        chip.rewrite(app.offset(), kernel.size(), firmware.kernelUImage());
        corrupt(kernel.offset() + 200_000);
        Map<String, String> env = new LinkedHashMap<>(BootEnvironment.forModel(MODEL));
        env.put("verify", "n");
        writeEnv(env);
        assertThat(UBoot.powerOn(chip, MODEL).outcome()).isEqualTo(BootResult.Outcome.KERNEL_PANIC);
    }

    @Test
    void sharpEdgeBadCompressedKernelResetsTheBoardBeforeTheBackupRuns() {
        chip.rewrite(app.offset(), kernel.size(), firmware.kernelUImage());
        byte[] notGzip = new byte[4096]; // CRC-valid, but not a gzip stream: U-Boot resets
        byte[] image = UImage.create("camcloud gz", UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL,
                UImageCompression.GZIP, 0x80008000L, 0x80008000L, 0, notGzip).toBytes();
        chip.rewrite(kernel.offset(), kernel.size(), image);
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.RESET_LOOP);
        assertThat(boot.console()).noneMatch(l -> l.contains("bkp=1"));
    }

    @Test
    void sharpEdgeShortSfReadFailsTheDataCrc() {
        Map<String, String> env = new LinkedHashMap<>(BootEnvironment.forModel(MODEL));
        env.put("bootcmd", env.get("bootcmd").replaceFirst(" 0x400000;", " 0x100000;"));
        writeEnv(env);
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.NO_KERNEL);
        assertThat(boot.console()).contains("Bad Data CRC");
    }

    @Test
    void ourImagesAndEnvironmentsAvoidEverySharpEdge() {
        for (CameraModel model : CameraModels.builtIn().all()) {
            Firmware fw = FirmwareBuilder.build(model, new BuildRequest(FirmwareVersion.parse("1.0.0"), 0, 0,
                    BuildInputs.standIns()));
            Map<String, String> env = BootEnvironment.forModel(model);
            assertThat(env.get("verify")).as(model.id()).isEqualTo("y");
            UImageHeader header = UImageHeader.parse(fw.kernelUImage(), 0);
            assertThat(header.compression()).as(model.id()).isEqualTo(UImageCompression.NONE);
            long readLength = model.layout().partition("kernel").size();
            assertThat(env.get("bootcmd")).as(model.id())
                    .contains("sf read 0x" + Long.toHexString(model.loadAddress()) + " 0x"
                            + Long.toHexString(model.layout().partition("app").offset()) + " 0x"
                            + Long.toHexString(readLength));
            assertThat((long) fw.kernelUImage().length).as(model.id()).isLessThanOrEqualTo(readLength);
        }
    }

    @Test
    void damagedEnvironmentFallsBackToTheCompiledInDefaultAndStillBoots() {
        corrupt(MODEL.envFlashOffset() + 1);
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.booted()).isTrue();
        assertThat(boot.console()).contains("*** Warning - bad CRC, using default environment");
    }

    @Test
    void theArticlesOldStyleVariableReferenceExpandsToo() {
        chip.rewrite(app.offset(), kernel.size(), firmware.kernelUImage());
        corrupt(kernel.offset() + 100_000);
        Map<String, String> env = new LinkedHashMap<>(BootEnvironment.forModel(MODEL));
        env.put("bootcmd", env.get("bootcmd").replace("${bootargs}", "$(bootargs)"));
        writeEnv(env);
        assertThat(UBoot.powerOn(chip, MODEL).bootArgs()).isEqualTo(BootEnvironment.bootArgs(MODEL) + " bkp=1");
    }

    @Test
    void sfReadWithoutProbeFails() {
        Map<String, String> env = new LinkedHashMap<>(BootEnvironment.forModel(MODEL));
        env.put("bootcmd", env.get("bootcmd").replace("sf probe 0; ", ""));
        writeEnv(env);
        BootResult boot = UBoot.powerOn(chip, MODEL);
        assertThat(boot.outcome()).isEqualTo(BootResult.Outcome.NO_KERNEL);
        assertThat(boot.console()).contains("No SPI flash selected. Please run `sf probe'");
    }

    private void writeEnv(Map<String, String> env) {
        chip.rewrite(MODEL.envFlashOffset(), MODEL.eraseBlockSize(), UBootEnvironment.encode(env, MODEL.envSize()));
    }

    /** Flips bits the NOR way is not able to (a real corruption), by rewriting the block. */
    private void corrupt(long offset) {
        long block = offset - offset % MODEL.eraseBlockSize();
        byte[] bytes = chip.read(block, MODEL.eraseBlockSize());
        bytes[(int) (offset - block)] ^= 0x5A;
        chip.rewrite(block, MODEL.eraseBlockSize(), bytes);
    }
}
