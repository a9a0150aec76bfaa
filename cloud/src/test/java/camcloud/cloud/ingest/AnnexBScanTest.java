package camcloud.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

/** The in-place check of a MediaUnit's payload agrees with H.264 Annex B framing. */
class AnnexBScanTest {

    @Test
    void realFramesPassAndKeyframesAreRecognisedWhateverTheCameraClaims() {
        TestVideo video = TestVideo.of(250, 25);
        for (int i = 0; i < 30; i++) {
            AnnexBScan.Result r = scan(video.frame(i));
            assertThat(r.error()).isNull();
            assertThat(r.keyframe()).isEqualTo(video.keyframe(i));
        }
    }

    @Test
    void leadingZerosThreeByteStartCodesEmptyAndTrailingZeroUnitsAreFine() {
        AnnexBScan.Result r = scan(new byte[] {0, 0, 0, 0, 0, 1, 0x09, 0x10, 0, 0, 1, 0, 0, 1, 0x65, (byte) 0x88, 0, 0});
        assertThat(r.error()).isNull();
        assertThat(r.keyframe()).isTrue();
        assertThat(r.nalUnits()).isEqualTo(2);
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
        assertThat(AnnexBScan.scan(buf).error()).isNull();
        assertThat(buf.readerIndex()).isEqualTo(2);
        assertThat(buf.refCnt()).isEqualTo(1);
        buf.release();
    }

    private static AnnexBScan.Result scan(byte[] bytes) {
        ByteBuf buf = Unpooled.wrappedBuffer(bytes);
        try {
            return AnnexBScan.scan(buf);
        } finally {
            buf.release();
        }
    }
}
