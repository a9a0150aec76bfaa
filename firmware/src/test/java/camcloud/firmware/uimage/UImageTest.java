package camcloud.firmware.uimage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.firmware.checkers.ExternalTool;
import camcloud.firmware.checkers.UImageChecker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UImageTest {

    @TempDir
    Path tmp;

    private static byte[] data(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static UImage kernel(byte[] data) {
        return UImage.create("camcloud 1.2.3", UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL,
                UImageCompression.NONE, 0x80008000L, 0x80008000L, 1_700_000_000L, data);
    }

    @Test
    void roundTripsHeaderAndData() {
        UImage image = kernel(data(100_000, 1));
        byte[] bytes = image.toBytes();
        assertThat(bytes).hasSize(64 + 100_000);
        UImage back = UImage.decode(bytes);
        assertThat(back).isEqualTo(image);
        assertThat(back.header().name()).isEqualTo("camcloud 1.2.3");
        assertThat(back.header().loadAddress()).isEqualTo(0x80008000L);
        assertThat(back.header().time()).isEqualTo(1_700_000_000L);
    }

    @Test
    void isByteForByteWhatMkimageWrites() throws Exception {
        ExternalTool mkimage = ExternalTool.require("mkimage", "u-boot-tools");
        byte[] data = data(12_345, 2);
        Path in = tmp.resolve("data.bin");
        Path out = tmp.resolve("mk.uImage");
        Files.write(in, data);
        ExternalTool.Result r = mkimage.run(Map.of("SOURCE_DATE_EPOCH", "1700000000"), "-A", "arm", "-O", "linux",
                "-T", "kernel", "-C", "none", "-a", "0x80008000", "-e", "0x80008000", "-n", "camcloud 1.2.3",
                "-d", in.toString(), out.toString());
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(kernel(data).toBytes()).isEqualTo(Files.readAllBytes(out));
        assertThat(UImage.decode(Files.readAllBytes(out))).isEqualTo(kernel(data));
    }

    @Test
    void mkimageAndDumpimageReadWhatWeWrite() {
        byte[] flash = Arrays.copyOf(kernel(data(70_000, 3)).toBytes(), 0x20000);
        Arrays.fill(flash, 64 + 70_000, flash.length, (byte) 0xFF);
        String listing = UImageChecker.check(flash, tmp);
        assertThat(listing).contains("Image Name:   camcloud 1.2.3")
                .contains("ARM Linux Kernel Image (uncompressed)")
                .contains("Load Address: 80008000")
                .contains("Data Size:    70000 Bytes");
    }

    @Test
    void acceptsFlashPaddingAfterTheImage() {
        UImage image = kernel(data(1000, 4));
        byte[] flash = Arrays.copyOf(image.toBytes(), 4096);
        Arrays.fill(flash, 1064, 4096, (byte) 0xFF);
        assertThat(UImage.decode(flash)).isEqualTo(image);
    }

    @Test
    void corruptDataFailsByDataCrcLikeBootm() {
        byte[] bytes = kernel(data(5000, 5)).toBytes();
        bytes[64 + 2500] ^= 0x01;
        UImageCheck check = UImage.check(bytes, 0, bytes.length);
        assertThat(check.status()).isEqualTo(UImageCheck.Status.BAD_DATA_CRC);
        assertThat(check.message()).startsWith("Bad Data CRC");
    }

    @Test
    void corruptHeaderFailsByHeaderCrc() {
        byte[] bytes = kernel(data(5000, 6)).toBytes();
        bytes[40] ^= 0x20;
        assertThat(UImage.check(bytes, 0, bytes.length).status()).isEqualTo(UImageCheck.Status.BAD_HEADER_CRC);
    }

    @Test
    void erasedFlashHasBadMagic() {
        byte[] erased = new byte[4096];
        Arrays.fill(erased, (byte) 0xFF);
        UImageCheck check = UImage.check(erased, 0, erased.length);
        assertThat(check.status()).isEqualTo(UImageCheck.Status.BAD_MAGIC);
        assertThat(check.message()).contains("Bad Magic Number");
    }

    @Test
    void truncatedImageSaysHowManyBytesAreMissing() {
        byte[] bytes = kernel(data(5000, 7)).toBytes();
        byte[] cut = Arrays.copyOf(bytes, 64 + 4000);
        assertThatThrownBy(() -> UImage.decode(cut)).isInstanceOf(UImageFormatException.class)
                .hasMessageContaining("1000 missing");
        assertThat(UImage.check(new byte[10], 0, 10).status()).isEqualTo(UImageCheck.Status.TRUNCATED);
    }

    @Test
    void rejectsNamesLongerThanTheHeaderField() {
        assertThatThrownBy(() -> UImage.create("x".repeat(33), UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL,
                UImageCompression.NONE, 0, 0, 0, new byte[1]))
                .isInstanceOf(UImageFormatException.class).hasMessageContaining("at most 32");
    }

    @Test
    void aThirtyTwoByteNameIsStoredWithoutTerminator() {
        String name = "n".repeat(32);
        UImage image = UImage.create(name, UImageOs.LINUX, UImageArch.ARM, UImageType.KERNEL,
                UImageCompression.NONE, 0, 0, 0, new byte[8]);
        assertThat(UImage.decode(image.toBytes()).header().name()).isEqualTo(name);
    }
}
