package camcloud.device.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.v1.StreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

class StreamFormatProbeTest {

    private static FormatSlot observe(StreamFormatProbe probe, int index, boolean keyframe, long captureMicros) {
        ByteBuf unit = Unpooled.wrappedBuffer(TestUnits.unit(index, keyframe, 200));
        try {
            return probe.observe(unit, keyframe, captureMicros);
        } finally {
            unit.release();
        }
    }

    @Test
    void nothingIsKnownBeforeAKeyframeWithParameterSets() {
        StreamFormatProbe probe = new StreamFormatProbe();
        assertThat(observe(probe, 0, false, 0)).isNull();
        assertThat(probe.latest()).isNull();
    }

    @Test
    void sizeAndParameterSetsComeFromTheKeyframeAndTheRateFromFourIntervals() {
        StreamFormatProbe probe = new StreamFormatProbe();
        FormatSlot slot = observe(probe, 0, true, 1_000_000);
        assertThat(slot.config()).as("rate not yet measured").isNull();
        long[] captures = {1_070_000, 1_133_333, 1_200_000, 1_266_667}; // the first frame late by 3.3 ms
        for (int i = 0; i < captures.length; i++) {
            assertThat(observe(probe, i + 1, false, captures[i])).isSameAs(slot);
        }
        StreamConfig config = slot.config();
        assertThat(config.getFps()).isEqualTo(15);
        assertThat(config.getWidth()).isEqualTo(64);
        assertThat(config.getHeight()).isEqualTo(64);
        assertThat(config.getCodec()).isEqualTo("h264");
        assertThat(config.getSps().toByteArray()).isEqualTo(TestUnits.FORMAT.sps());
        assertThat(config.getPps().toByteArray()).isEqualTo(TestUnits.FORMAT.pps());
        assertThat(probe.latest()).isEqualTo(config);
    }

    @Test
    void theSameParameterSetsAgainKeepTheFormat() {
        StreamFormatProbe probe = new StreamFormatProbe();
        FormatSlot slot = observe(probe, 0, true, 0);
        for (int i = 1; i < 30; i++) {
            assertThat(observe(probe, i, i % 10 == 0, i * 100_000L)).isSameAs(slot);
        }
        assertThat(slot.config().getFps()).isEqualTo(10);
    }

    @Test
    void parameterSetsAreFoundOnlyBeforeTheFirstSlice() {
        byte[][] sets = StreamFormatProbe.parameterSets(Unpooled.wrappedBuffer(TestUnits.unit(7, true, 300)));
        assertThat(sets[0]).isEqualTo(TestUnits.FORMAT.sps());
        assertThat(sets[1]).isEqualTo(TestUnits.FORMAT.pps());
        byte[][] none = StreamFormatProbe.parameterSets(Unpooled.wrappedBuffer(TestUnits.unit(7, false, 300)));
        assertThat(none[0]).isNull();
        assertThat(none[1]).isNull();
    }
}
