package camcloud.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RbspTest {

    @Test
    void removesEmulationPreventionBytes() {
        assertThat(Rbsp.unescape(new byte[] {0x65, 0, 0, 3, 1, 0, 0, 3, 0, 0, 3}, 1, 100))
                .containsExactly(0, 0, 1, 0, 0, 0, 0);
        assertThat(Rbsp.unescape(new byte[] {0x65, 0, 3, 0, 0, 3}, 1, 100)).containsExactly(0, 3, 0, 0);
    }

    @Test
    void boundsTheInputItReads() {
        assertThat(Rbsp.unescape(new byte[] {0x65, 1, 2, 3, 4}, 1, 2)).containsExactly(1, 2);
        assertThat(Rbsp.unescape(new byte[] {0x65}, 1, 10)).isEmpty();
    }

    @Test
    void exponentialGolombCodesAndTheirLimits() throws Exception {
        // 1 | 010 | 011 | 00100 | 00101 -> ue 0,1,2,3,4 ; then se from 010 (=+1) and 011 (=-1)
        BitReader r = new BitReader(new byte[] {(byte) 0b10100110, (byte) 0b01000010, (byte) 0b10100110}, "test");
        assertThat(r.ue("a")).isEqualTo(0);
        assertThat(r.ue("b")).isEqualTo(1);
        assertThat(r.ue("c")).isEqualTo(2);
        assertThat(r.ue("d")).isEqualTo(3);
        assertThat(r.ue("e")).isEqualTo(4);
        assertThat(r.se("f")).isEqualTo(1);
        assertThat(r.se("g")).isEqualTo(-1);
        BitReader zeros = new BitReader(new byte[8], "zeros");
        assertThatThrownBy(() -> zeros.ue("x")).isInstanceOf(MalformedH264Exception.class)
                .hasMessageContaining("longer than 32 bits");
        BitReader empty = new BitReader(new byte[0], "empty");
        assertThatThrownBy(() -> empty.flag("y")).isInstanceOf(MalformedH264Exception.class)
                .hasMessageContaining("empty truncated while reading y");
    }
}
