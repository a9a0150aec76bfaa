package camcloud.device.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.provision.FactoryImage;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flash files that cost only what they hold, the old plain files still opening, and no idle descriptor. */
class SparseFlashTest {

    private static final int BLOCK = 64 * 1024;
    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);

    @TempDir
    Path dir;

    @Test
    void newChipsWithTheFactoryImageShareItAndEachCostsFarLessDiskThanItsSize() throws Exception {
        byte[] image = FactoryImage.forModel(MODEL);
        for (String name : new String[] {"a.flash", "b.flash"}) {
            Path file = dir.resolve(name);
            try (FlashChip chip = FlashChip.openOrCreate(file, MODEL.flashSize(), MODEL.eraseBlockSize())) {
                assertThat(chip.sparse()).isTrue();
                FactoryImage.write(chip, MODEL);
                chip.rewrite(3 * chip.eraseBlockSize(), chip.eraseBlockSize(), "identity".getBytes());
            }
            assertThat(diskBytes(file)).isLessThan(256 * 1024);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("flash-base-"))).hasSize(1);
        }
        try (FlashChip chip = FlashChip.open(dir.resolve("b.flash"), MODEL.eraseBlockSize())) {
            assertThat(chip.size()).isEqualTo(MODEL.flashSize());
            byte[] expected = image.clone();
            int at = 3 * chip.eraseBlockSize();
            java.util.Arrays.fill(expected, at, at + chip.eraseBlockSize(), (byte) 0xFF);
            System.arraycopy("identity".getBytes(), 0, expected, at, 8);
            assertThat(chip.read(0, (int) chip.size())).isEqualTo(expected);
            chip.erase(0, chip.size());
            assertThat(chip.read(0, (int) chip.size())).containsOnly((byte) 0xFF);
        }
    }

    @Test
    void aChipStoredAgainstAMissingBaseImageIsRefusedWithTheReason() throws Exception {
        Path file = dir.resolve("a.flash");
        try (FlashChip chip = FlashChip.openOrCreate(file, MODEL.flashSize(), MODEL.eraseBlockSize())) {
            FactoryImage.write(chip, MODEL);
        }
        Path elsewhere = Files.createDirectories(dir.resolve("copy")).resolve("a.flash");
        Files.copy(file, elsewhere);
        assertThatThrownBy(() -> FlashChip.open(elsewhere, MODEL.eraseBlockSize())).isInstanceOf(IOException.class)
                .hasMessageContaining("base image");
    }

    @Test
    void erasedBlocksOfASparseChipReadAsFfAndProgrammingOnlyClearsBits() throws Exception {
        Path file = dir.resolve("f");
        try (FlashChip chip = FlashChip.openOrCreate(file, 8 * BLOCK, BLOCK)) {
            assertThat(chip.read(0, 8 * BLOCK)).containsOnly((byte) 0xFF);
            chip.program(BLOCK + 5, new byte[] {(byte) 0xF0, 0x33});
            chip.program(BLOCK + 5, new byte[] {(byte) 0x3C, (byte) 0xFF});
            assertThat(chip.read(BLOCK + 5, 2)).containsExactly((byte) 0x30, (byte) 0x33);
            chip.erase(BLOCK, BLOCK);
            assertThat(chip.read(BLOCK, BLOCK)).containsOnly((byte) 0xFF);
        }
        assertThat(Files.size(file)).isEqualTo(8 * BLOCK + SparseTrailer.BYTES);
    }

    @Test
    void aChipOfTheOldPlainFormatOpensAndKeepsItsFormat() throws Exception {
        Path file = dir.resolve("old.flash");
        byte[] plain = new byte[4 * BLOCK];
        Arrays.fill(plain, (byte) 0xFF);
        plain[3] = 0x12;
        Files.write(file, plain);
        assertThat(FlashChip.chipSize(file)).isEqualTo(4 * BLOCK);
        try (FlashChip chip = FlashChip.open(file, BLOCK)) {
            assertThat(chip.sparse()).isFalse();
            assertThat(chip.read(0, 4)).containsExactly((byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x12);
            chip.program(BLOCK, new byte[] {0x00});
        }
        assertThat(Files.size(file)).isEqualTo(4 * BLOCK);
        byte[] after = Files.readAllBytes(file);
        assertThat(after[3]).isEqualTo((byte) 0x12);
        assertThat(after[BLOCK]).isEqualTo((byte) 0x00);
        assertThat(after[BLOCK + 1]).isEqualTo((byte) 0xFF);
    }

    @Test
    void aChipOfAnotherSizeIsRefusedInEitherFormat() throws Exception {
        Path sparse = dir.resolve("sparse");
        FlashChip.openOrCreate(sparse, 4 * BLOCK, BLOCK).close();
        assertThatThrownBy(() -> FlashChip.openOrCreate(sparse, 8 * BLOCK, BLOCK)).isInstanceOf(IOException.class)
                .hasMessageContaining("262144-byte chip");
        Path plain = dir.resolve("plain");
        Files.write(plain, new byte[4 * BLOCK]);
        assertThatThrownBy(() -> FlashChip.openOrCreate(plain, 8 * BLOCK, BLOCK)).isInstanceOf(IOException.class);
    }

    @Test
    void sparseAndPlainChipsEndEqualAfterTheSameRandomOperations() throws Exception {
        Path plainFile = dir.resolve("plain");
        byte[] erased = new byte[4 * BLOCK];
        Arrays.fill(erased, (byte) 0xFF);
        Files.write(plainFile, erased);
        Random random = new Random(42);
        try (FlashChip sparse = FlashChip.openOrCreate(dir.resolve("sparse"), 4 * BLOCK, BLOCK);
             FlashChip plain = FlashChip.open(plainFile, BLOCK)) {
            for (int i = 0; i < 300; i++) {
                if (random.nextInt(5) == 0) {
                    long block = random.nextInt(4) * (long) BLOCK;
                    sparse.erase(block, BLOCK);
                    plain.erase(block, BLOCK);
                } else {
                    byte[] data = new byte[1 + random.nextInt(3000)];
                    random.nextBytes(data);
                    long at = random.nextInt(4 * BLOCK - data.length);
                    sparse.program(at, data);
                    plain.program(at, data);
                }
            }
            assertThat(sparse.read(0, 4 * BLOCK)).isEqualTo(plain.read(0, 4 * BLOCK));
        }
    }

    @Test
    void aTornEraseOnASparseChipLooksAsOnAPlainOne() throws Exception {
        Path plainFile = dir.resolve("plain");
        Files.write(plainFile, new byte[4 * BLOCK]); // all programmed to zero
        Path sparseFile = dir.resolve("sparse");
        try (FlashChip sparse = FlashChip.openOrCreate(sparseFile, 4 * BLOCK, BLOCK)) {
            sparse.program(0, new byte[4 * BLOCK]);
        }
        for (Path file : new Path[] {plainFile, sparseFile}) {
            try (FlashChip chip = FlashChip.open(file, BLOCK)) {
                chip.arm(PowerCut.at(1, PowerCut.Granularity.BLOCK, 7));
                assertThatThrownBy(() -> chip.erase(0, 3 * BLOCK)).isInstanceOf(PowerCutException.class);
            }
        }
        try (FlashChip sparse = FlashChip.open(sparseFile, BLOCK); FlashChip plain = FlashChip.open(plainFile, BLOCK)) {
            assertThat(sparse.read(0, 4 * BLOCK)).isEqualTo(plain.read(0, 4 * BLOCK));
            assertThat(sparse.read(BLOCK, BLOCK)).contains((byte) 0xFF).contains((byte) 0);
        }
    }

    @Test
    void aChipOpenedOnUseHoldsNoDescriptorBetweenOperations() throws Exception {
        Path file = dir.resolve("f");
        try (FlashChip chip = FlashChip.openOrCreate(file, 4 * BLOCK, BLOCK)) {
            long withChipOpen = openDescriptors();
            chip.openOnUse(true);
            assertThat(openDescriptors()).isEqualTo(withChipOpen - 1);
            chip.rewrite(0, BLOCK, new byte[] {1, 2, 3});
            assertThat(chip.read(0, 3)).containsExactly(1, 2, 3);
            assertThat(openDescriptors()).isEqualTo(withChipOpen - 1);
        }
    }

    /** Descriptors of this process that name a file in the test's directory. */
    private long openDescriptors() throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(dir.toRealPath());
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }

    /** Disk bytes the file really uses (st_blocks × 512, as {@code du} counts), from coreutils' {@code stat}. */
    static long diskBytes(Path file) throws IOException {
        Process stat = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(stat.getInputStream().readAllBytes()).trim();
        try {
            if (stat.waitFor() != 0) {
                throw new IOException("stat failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return Long.parseLong(out) * 512;
    }
}
