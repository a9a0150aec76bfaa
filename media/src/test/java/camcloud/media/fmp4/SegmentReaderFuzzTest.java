package camcloud.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.testing.TestStreams;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Damaged segment files (truncated, bit-flipped) give {@link MalformedMp4Exception}, nothing else. */
class SegmentReaderFuzzTest {

    @Test
    void readsWhatTheWriterWrote() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(96, 64, 12, 6)));
        byte[] segment = Recording.segment(Recording.track(units), units, 25, 1_000_000, 4, true);
        SegmentReader.Contents contents = SegmentReader.read(segment, null);
        assertThat(contents.samples()).hasSize(12);
        assertThat(contents.samples().get(0).decodeTime()).isEqualTo(90_000);
        assertThat(contents.samples()).filteredOn(SampleRef::keyframe).hasSize(2);
        assertThat(contents.track().track().width()).isEqualTo(96);
        SampleRef first = contents.samples().get(0);
        assertThat(Arrays.copyOfRange(segment, first.offset(), first.offset() + first.size()))
                .isEqualTo(units.get(0).toAvcc());
    }

    @Test
    void damagedSegmentsNeverThrowAnythingElse() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(64, 64, 6, 3)));
        byte[] segment = Recording.segment(Recording.track(units), units, 25, 0, 2, true);
        Random random = new Random(1234);
        for (int i = 0; i < 4000; i++) {
            byte[] data = Arrays.copyOf(segment, random.nextInt(segment.length + 1));
            if (random.nextBoolean() && data.length > 0) {
                for (int f = 1 + random.nextInt(6); f > 0; f--) {
                    int at = random.nextInt(Math.min(data.length, 1200));
                    data[at] = (byte) random.nextInt(256);
                }
            }
            try {
                SegmentReader.read(data, null);
            } catch (MalformedMp4Exception expected) {
                assertThat(expected.getMessage()).isNotBlank();
            }
        }
    }
}
