package camcloud.media.h264;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.testing.TestStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The one-pass index of an Annex B unit agrees with H.264 framing and with {@link AnnexB#split}. */
class NalIndexTest {

    @Test
    void realFramesPassAndKeyframesAreRecognisedWhateverTheCameraClaims() throws Exception {
        List<byte[]> frames = TestStreams.jcodecFrames(96, 64, 30, 10);
        for (int i = 0; i < frames.size(); i++) {
            NalIndex index = scan(frames.get(i));
            assertThat(index.error()).isNull();
            assertThat(index.keyframe()).isEqualTo(AccessUnit.fromAnnexB(frames.get(i)).keyframe());
            assertThat(index.keyframe()).isEqualTo(i % 10 == 0);
        }
    }

    @Test
    void leadingZerosThreeByteStartCodesEmptyAndTrailingZeroUnitsAreFine() {
        NalIndex index = scan(new byte[] {0, 0, 0, 0, 0, 1, 0x09, 0x10, 0, 0, 1, 0, 0, 1, 0x65, (byte) 0x88, 0, 0});
        assertThat(index.error()).isNull();
        assertThat(index.keyframe()).isTrue();
        assertThat(index.count()).isEqualTo(2);
        assertThat(index.offset(0)).isEqualTo(6);
        assertThat(index.length(0)).isEqualTo(2);
        assertThat(index.type(0)).isEqualTo(NalUnitType.AUD);
        assertThat(index.offset(1)).isEqualTo(14);
        assertThat(index.length(1)).isEqualTo(2); // trailing zeros left out
        assertThat(index.avccSize()).isEqualTo(12);
    }

    @Test
    void badPayloadsSayWhatIsWrong() {
        assertThat(scan(new byte[0]).error()).isEqualTo("empty payload");
        assertThat(scan(new byte[] {0, 0, 0, 0}).error()).contains("no Annex B start code");
        assertThat(scan(new byte[] {0, 0, 1}).error()).contains("no NAL unit");
        assertThat(scan(new byte[] {1, 0, 0, 1, 0x65}).error()).contains("garbage before the first start code at offset 0");
        assertThat(scan(new byte[] {0, 0, 1, 0x65, 0, 0, 1, (byte) 0xE1}).error())
                .contains("0xe1 at offset 7 has forbidden_zero_bit set");
        assertThat(scan(new byte[] {0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68}).error()).contains("no slice");
    }

    @Test
    void theScanReadsInPlaceWithoutMovingOrReleasingTheBuffer() {
        ByteBuf buf = Unpooled.wrappedBuffer(new byte[] {9, 9, 0, 0, 1, 0x41, 1}).skipBytes(2);
        NalIndex index = NalIndex.scan(buf);
        assertThat(index.error()).isNull();
        assertThat(index.offset(0)).isEqualTo(3);
        assertThat(buf.readerIndex()).isEqualTo(2);
        assertThat(buf.refCnt()).isEqualTo(1);
        buf.release();
    }

    @Test
    void parameterSetsAreCopiedOneByOne() throws Exception {
        byte[] keyframe = TestStreams.jcodecFrames(96, 64, 1, 1).get(0);
        ByteBuf buf = Unpooled.wrappedBuffer(keyframe);
        List<NalUnit> sps = NalIndex.scan(buf).copies(buf, NalUnitType.SPS);
        assertThat(sps).hasSize(1);
        assertThat(AccessUnit.fromAnnexB(keyframe).nalUnits()).contains(sps.get(0));
    }

    /** Whatever the bytes, the index finds the units AnnexB.split finds, or says why it cannot. */
    @Test
    void agreesWithTheSplitterOnAnyBytes() {
        Random random = new Random(13);
        for (int n = 0; n < 2000; n++) {
            byte[] noise = new byte[random.nextInt(64)];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(3));
            }
            agreesWithTheSplitter(noise);
        }
    }

    private static void agreesWithTheSplitter(byte[] noise) {
        byte[] bytes = new byte[noise.length + 4];
        bytes[2] = 1;
        bytes[3] = 0x65;
        System.arraycopy(noise, 0, bytes, 4, noise.length);
        for (int i = 4; i < bytes.length; i++) {
            if ((bytes[i] & 0xff) > 3) {
                bytes[i] &= 0x7f; // headers after random start codes: mostly legal
            }
        }
        NalIndex index = scan(bytes);
        List<NalUnit> split;
        try {
            split = AnnexB.split(bytes);
        } catch (MalformedH264Exception e) {
            assertThat(index.error()).isNotNull();
            return;
        }
        if (index.error() != null || split.stream().anyMatch(u -> u.bytes()[0] == 0)) {
            return; // stricter (no slice), or a zero byte after a start code, which the index skips as padding
        }
        assertThat(index.count()).isEqualTo(split.size());
        for (int i = 0; i < split.size(); i++) {
            assertThat(index.length(i)).isEqualTo(split.get(i).size());
            assertThat(index.type(i)).isEqualTo(split.get(i).type());
        }
    }

    private static NalIndex scan(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return NalIndex.scan(buf);
        } finally {
            buf.release();
        }
    }
}
