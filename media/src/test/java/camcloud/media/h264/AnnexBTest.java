package camcloud.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AnnexBTest {

    @Test
    void splitsThreeAndFourByteStartCodesAndDropsTrailingZeros() throws Exception {
        byte[] stream = {0, 0, 0, 1, 0x09, (byte) 0xf0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 0, 1, 0x68, 3, 0, 0};
        List<NalUnit> units = AnnexB.split(stream);
        assertThat(units).extracting(NalUnit::type).containsExactly(9, 7, 8);
        assertThat(units.get(1).bytes()).containsExactly(0x67, 1, 2);
        assertThat(units.get(2).bytes()).containsExactly(0x68, 3);
    }

    @Test
    void keepsEmulationPreventionBytesInsideUnits() throws Exception {
        byte[] stream = {0, 0, 1, 0x65, 0, 0, 3, 1, 0x42};
        assertThat(AnnexB.split(stream).get(0).bytes()).containsExactly(0x65, 0, 0, 3, 1, 0x42);
    }

    @Test
    void joinThenSplitIsIdentity() throws Exception {
        List<NalUnit> units = List.of(NalUnit.of(new byte[] {0x67, 1}), NalUnit.of(new byte[] {0x65, 5, 6, 7}));
        assertThat(AnnexB.split(AnnexB.join(units))).isEqualTo(units);
        assertThat(Avcc.split(Avcc.join(units), 4)).isEqualTo(units);
        assertThat(Avcc.toAnnexB(Avcc.fromAnnexB(AnnexB.join(units)), 4)).isEqualTo(AnnexB.join(units));
    }

    @Test
    void rejectsStreamsWithoutStartCodeOrWithGarbageFirst() {
        assertThatThrownBy(() -> AnnexB.split(new byte[] {1, 2, 3, 4}))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("no Annex B start code");
        assertThatThrownBy(() -> AnnexB.split(new byte[] {7, 0, 0, 1, 0x65}))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("garbage before");
        assertThatThrownBy(() -> AnnexB.split(new byte[] {0, 0, 1, (byte) 0x85}))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("forbidden_zero_bit");
        assertThatThrownBy(() -> AnnexB.split(new byte[] {0, 0, 1, 0, 0}))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("no NAL unit");
    }

    @Test
    void avccRejectsLengthsThatRunPastTheSample() {
        assertThatThrownBy(() -> Avcc.split(new byte[] {0, 0, 0, 9, 0x65, 1}, 4))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> Avcc.split(new byte[] {0, 0}, 4))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("truncated");
    }
}
