package camcloud.device.video;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class RbspWriterTest {

    @Test
    void expGolombCodesAreTheStandardsTable() {
        RbspWriter out = new RbspWriter(4);
        out.ue(0);  // 1
        out.ue(1);  // 010
        out.ue(4);  // 00101
        out.se(-2); // ue(4) = 00101
        out.se(1);  // ue(1) = 010
        // 1 010 00101 00101 010, stop bit 1, then zeros: 1010 0010 1001 0101 0100 0000
        assertThat(out.finish()).containsExactly(0xa2, 0x95, 0x40);
    }

    @Test
    void appendedBitsLandUnchangedAtAnyOffsetOfSourceAndDestination() {
        SplittableRandom random = new SplittableRandom(7);
        byte[] source = new byte[64];
        random.nextBytes(source);
        for (int lead = 0; lead < 9; lead++) {
            for (int from = 0; from < 17; from++) {
                for (int to = from; to < from + 140; to += 13) {
                    RbspWriter fast = new RbspWriter(8);
                    RbspWriter slow = new RbspWriter(8);
                    fast.u(0b1011_0110_1, lead);
                    slow.u(0b1011_0110_1, lead);
                    fast.append(source, from, to);
                    for (int bit = from; bit < to; bit++) {
                        slow.u((source[bit >> 3] >> (7 - (bit & 7))) & 1, 1);
                    }
                    assertThat(fast.finish()).as("lead %d, bits [%d, %d)", lead, from, to).isEqualTo(slow.finish());
                }
            }
        }
    }
}
