package camcloud.firmware.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.checkers.EnvChecker;
import camcloud.firmware.checkers.UImageChecker;
import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.firmware.uimage.UImage;
import camcloud.firmware.uimage.UImageArch;
import camcloud.firmware.uimage.UImageCheck;
import camcloud.firmware.uimage.UImageCompression;
import camcloud.firmware.uimage.UImageOs;
import camcloud.firmware.uimage.UImageType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlashImageTest {

    @TempDir
    Path tmp;

    private static final BuildRequest STAND_INS =
            new BuildRequest(FirmwareVersion.parse("1.2.3"), 0, 0, BuildInputs.standIns());

    private static byte[] slice(byte[] flash, Partition p) {
        return Arrays.copyOfRange(flash, (int) p.offset(), (int) p.end());
    }

    @Test
    void everyModelsFlashImageIsReadableByUBootsOwnTools() {
        for (CameraModel m : CameraModels.builtIn().all()) {
            byte[] flash = FirmwareBuilder.build(m, STAND_INS).flashImage();
            assertThat(flash).as(m.id()).hasSize((int) m.flashSize());

            byte[] kernel = slice(flash, m.layout().partition("kernel"));
            String listing = UImageChecker.check(kernel, tmp);
            assertThat(listing).as(m.id()).contains("ARM Linux Kernel Image (uncompressed)").contains("camcloud 1.2.3");
            UImage image = UImage.decode(kernel);
            assertThat(image.header().dataSize()).isEqualTo(m.standInKernelSize());
            assertThat(image.header().compression()).isEqualTo(UImageCompression.NONE);

            byte[] env = Arrays.copyOfRange(flash, (int) m.envFlashOffset(), (int) (m.envFlashOffset() + m.envSize()));
            assertThat(EnvChecker.printenv(env, tmp)).as(m.id())
                    .containsExactlyInAnyOrderEntriesOf(BootEnvironment.forModel(m))
                    .doesNotContainEntry("verify", "n");
            assertThat(UBootEnvironment.decode(env)).containsExactlyEntriesOf(BootEnvironment.forModel(m));

            for (String erased : new String[] {"tech", "config"}) {
                byte[] part = slice(flash, m.layout().partition(erased));
                assertThat(part).as(m.id() + " " + erased).containsOnly((byte) 0xFF);
            }
            byte[] app = slice(flash, m.layout().partition("app"));
            assertThat(new String(app, 0, 21)).isEqualTo("camcloud stand-in app");
            assertThat(UImage.check(app, 0, app.length).ok()).as("app start is not a bootable kernel").isFalse();
        }
    }

    @Test
    void standInsAreDeterministicAndRealisticallySized() {
        CameraModel m = CameraModels.builtIn().require("xiaomi-yi-ants");
        Firmware a = FirmwareBuilder.build(m, STAND_INS);
        Firmware b = FirmwareBuilder.build(m, STAND_INS);
        assertThat(a.flashImage()).isEqualTo(b.flashImage());
        assertThat(a.kernelUImage().length).isBetween(3_400_000, 3_800_000);
        Firmware other = FirmwareBuilder.build(m, new BuildRequest(FirmwareVersion.parse("1.2.4"), 0, 0,
                BuildInputs.standIns()));
        assertThat(other.kernelUImage()).isNotEqualTo(a.kernelUImage());
    }

    @Test
    void aCorruptMainKernelFailsByCrcSoTheBackupBootmRuns() {
        CameraModel m = CameraModels.builtIn().require("xiaomi-yi-ants");
        byte[] flash = FirmwareBuilder.build(m, STAND_INS).flashImage();
        Partition kernel = m.layout().partition("kernel");
        flash[(int) kernel.offset() + 64 + 1_000_000] ^= 0x40;
        UImageCheck check = UImage.check(flash, (int) kernel.offset(), (int) kernel.size());
        assertThat(check.status()).isEqualTo(UImageCheck.Status.BAD_DATA_CRC);
    }

    @Test
    void tooBigKernelSaysByHowManyBytes() throws Exception {
        CameraModel m = CameraModels.builtIn().require("hi3518ev200-8m");
        long kernelSize = m.layout().partition("kernel").size();
        Path big = tmp.resolve("zImage");
        Files.write(big, new byte[(int) kernelSize - 64 + 100]);
        BuildRequest request = new BuildRequest(FirmwareVersion.parse("1.0.0"), 0, 0, new BuildInputs(big, null, null));
        assertThatThrownBy(() -> FirmwareBuilder.build(m, request)).isInstanceOf(ImageException.class)
                .hasMessageContaining("100 bytes more");
    }

    @Test
    void tooBigAppSaysByHowManyBytes() throws Exception {
        CameraModel m = CameraModels.builtIn().require("hi3518ev200-8m");
        long appSize = m.layout().partition("app").size();
        Path big = tmp.resolve("app.img");
        Files.write(big, new byte[(int) appSize + 1]);
        BuildRequest request = new BuildRequest(FirmwareVersion.parse("1.0.0"), 0, 0, new BuildInputs(null, big, null));
        assertThatThrownBy(() -> FirmwareBuilder.build(m, request)).isInstanceOf(ImageException.class)
                .hasMessageContaining("app input").hasMessageContaining("1 bytes more than the 4259840-byte app partition");
    }

    @Test
    void realKernelInputIsWrappedOrCheckedAndKept() throws Exception {
        CameraModel m = CameraModels.builtIn().require("noname-hi3518e-wired");
        Path zImage = tmp.resolve("zImage");
        Files.write(zImage, StandIn.bytes("zImage", 2_000_000));
        Firmware wrapped = FirmwareBuilder.build(m, new BuildRequest(FirmwareVersion.parse("2.0.0"), 0, 0,
                new BuildInputs(zImage, null, null)));
        assertThat(UImage.decode(wrapped.kernelUImage()).data()).isEqualTo(Files.readAllBytes(zImage));

        Path uImage = tmp.resolve("uImage");
        Files.write(uImage, wrapped.kernelUImage());
        Firmware kept = FirmwareBuilder.build(m, new BuildRequest(FirmwareVersion.parse("2.0.0"), 0, 0,
                new BuildInputs(uImage, null, null)));
        assertThat(kept.kernelUImage()).isEqualTo(wrapped.kernelUImage());

        Path gzipped = tmp.resolve("gz.uImage");
        Files.write(gzipped, UImage.create("k", UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL,
                UImageCompression.GZIP, 0x80008000L, 0x80008000L, 0, new byte[100]).toBytes());
        assertThatThrownBy(() -> FirmwareBuilder.build(m, new BuildRequest(FirmwareVersion.parse("2.0.0"), 0, 0,
                new BuildInputs(gzipped, null, null)))).isInstanceOf(ImageException.class)
                .hasMessageContaining("gzip-compressed");

        byte[] corrupt = wrapped.kernelUImage().clone();
        corrupt[5000] ^= 1;
        Path bad = tmp.resolve("bad.uImage");
        Files.write(bad, corrupt);
        assertThatThrownBy(() -> FirmwareBuilder.build(m, new BuildRequest(FirmwareVersion.parse("2.0.0"), 0, 0,
                new BuildInputs(bad, null, null)))).isInstanceOf(ImageException.class)
                .hasMessageContaining("Bad Data CRC");
    }
}
