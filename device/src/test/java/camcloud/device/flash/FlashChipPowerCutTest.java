package camcloud.device.flash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** NOR semantics and torn operations at a scheduled power cut. */
class FlashChipPowerCutTest {

    private static final int BLOCK = 64 * 1024;

    @TempDir
    Path dir;

    @Test
    void programOnlyClearsBitsAndEraseSetsTheBlockBackToFf() throws Exception {
        try (FlashChip chip = FlashChip.openOrCreate(dir.resolve("f"), 4 * BLOCK, BLOCK)) {
            chip.program(10, new byte[] {(byte) 0xF0});
            chip.program(10, new byte[] {(byte) 0x0F});
            assertThat(chip.read(10, 1)[0]).isEqualTo((byte) 0x00);
            chip.erase(0, BLOCK);
            assertThat(chip.read(10, 1)[0]).isEqualTo((byte) 0xFF);
        }
    }

    @Test
    void countingSeesOneOperationPerErasedBlockAndPerProgrammedBlockOrPage() throws Exception {
        try (FlashChip chip = FlashChip.openOrCreate(dir.resolve("f"), 4 * BLOCK, BLOCK)) {
            PowerCut blocks = PowerCut.counting(PowerCut.Granularity.BLOCK);
            chip.arm(blocks);
            chip.erase(0, 3 * BLOCK);
            chip.program(BLOCK / 2, new byte[2 * BLOCK]); // spans three blocks
            assertThat(blocks.operations()).isEqualTo(3 + 3);
            PowerCut pages = PowerCut.counting(PowerCut.Granularity.PAGE);
            chip.arm(pages);
            chip.program(0, new byte[1024]);
            assertThat(pages.operations()).isEqualTo(4);
        }
    }

    @Test
    void cutDuringEraseLeavesAPartlyErasedBlockAndNoFurtherOperations() throws Exception {
        Path file = dir.resolve("f");
        try (FlashChip chip = FlashChip.openOrCreate(file, 4 * BLOCK, BLOCK)) {
            chip.program(0, new byte[4 * BLOCK]); // all zero
            chip.arm(PowerCut.at(1, PowerCut.Granularity.BLOCK, 7));
            assertThatThrownBy(() -> chip.erase(0, 3 * BLOCK)).isInstanceOf(PowerCutException.class)
                    .hasMessageContaining("erase of block 0x10000");
            assertThatThrownBy(() -> chip.read(0, 1)).isInstanceOf(PowerCutException.class);
        }
        try (FlashChip chip = FlashChip.open(file, BLOCK)) { // power on again
            assertThat(chip.read(0, BLOCK)).containsOnly((byte) 0xFF);
            byte[] torn = chip.read(BLOCK, BLOCK);
            assertThat(torn).contains((byte) 0xFF).contains((byte) 0);
            assertThat(chip.read(2 * BLOCK, BLOCK)).containsOnly((byte) 0);
        }
    }

    @Test
    void cutDuringProgramLeavesAPartlyProgrammedBlock() throws Exception {
        Path file = dir.resolve("f");
        byte[] zeros = new byte[2 * BLOCK];
        try (FlashChip chip = FlashChip.openOrCreate(file, 4 * BLOCK, BLOCK)) {
            chip.arm(PowerCut.at(1, PowerCut.Granularity.BLOCK, 3));
            assertThatThrownBy(() -> chip.program(0, zeros)).isInstanceOf(PowerCutException.class);
        }
        try (FlashChip chip = FlashChip.open(file, BLOCK)) {
            assertThat(chip.read(0, BLOCK)).containsOnly((byte) 0);
            byte[] torn = chip.read(BLOCK, BLOCK);
            assertThat(torn).contains((byte) 0xFF);
            assertThat(Arrays.equals(torn, new byte[BLOCK])).isFalse();
        }
    }
}
