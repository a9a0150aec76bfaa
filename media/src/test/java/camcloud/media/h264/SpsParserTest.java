package camcloud.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpsParserTest {

    @TempDir
    Path dir;

    @Test
    void readsJcodecBaselineSps() throws Exception {
        byte[] frame = TestStreams.jcodecFrames(320, 240, 1, 25).get(0);
        SequenceParameterSet sps = firstSps(frame);
        assertThat(sps.width()).isEqualTo(320);
        assertThat(sps.height()).isEqualTo(240);
        assertThat(sps.codecString()).startsWith("avc1.").hasSize(11);
    }

    @Test
    void jcodecCropsSizesThatAreNotMultiplesOfSixteen() throws Exception {
        SequenceParameterSet sps = firstSps(TestStreams.jcodecFrames(200, 120, 1, 25).get(0));
        assertThat(sps.width()).isEqualTo(200);
        assertThat(sps.height()).isEqualTo(120);
    }

    @Test
    void readsX264HighProfileWithCroppingAndVuiTiming() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "200x120", 25, 0.2, "high", "slices=4:aud=1");
        SequenceParameterSet sps = firstSps(stream);
        assertThat(sps.profileIdc()).isEqualTo(100);
        assertThat(sps.chromaFormatIdc()).isEqualTo(1);
        assertThat(sps.width()).isEqualTo(200);
        assertThat(sps.height()).isEqualTo(120);
        assertThat(sps.frameRate()).hasValue(25.0);
        assertThat(sps.codecString()).startsWith("avc1.6400");
    }

    @Test
    void skipsScalingListsOfX264CustomQuantMatrices() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "352x288", 30, 0.2, "high", "cqm=jvt");
        SequenceParameterSet sps = firstSps(stream);
        assertThat(sps.width()).isEqualTo(352);
        assertThat(sps.height()).isEqualTo(288);
        assertThat(sps.frameRate()).hasValue(30.0); // wrong if the scaling lists misaligned the reader
    }

    @Test
    void readsInterlacedHeightFromFieldMacroblockPairs() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "320x240", 25, 0.2, "main", "interlaced=1");
        SequenceParameterSet sps = firstSps(stream);
        assertThat(sps.frameMbsOnly()).isFalse();
        assertThat(sps.width()).isEqualTo(320);
        assertThat(sps.height()).isEqualTo(240);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"yuv420p,high,1,100", "yuv422p,high422,2,122", "yuv444p,high444,3,244"})
    void readsChromaFormatAndCroppingOfHighProfiles(String pixelFormat, String profile, int chroma, int profileIdc)
            throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "202x122", 25, 0.2, profile, "bframes=0", pixelFormat);
        SequenceParameterSet sps = firstSps(stream);
        assertThat(sps.profileIdc()).isEqualTo(profileIdc);
        assertThat(sps.chromaFormatIdc()).isEqualTo(chroma);
        assertThat(sps.width()).isEqualTo(202);
        assertThat(sps.height()).isEqualTo(122);
        assertThat(sps.frameRate()).hasValue(25.0);
        assertThat(AccessUnitAssembler.assemble(stream)).hasSize(5);
    }

    @Test
    void rejectsTruncatedSpsAndWrongType() throws Exception {
        assertThatThrownBy(() -> SpsParser.parse(NalUnit.of(new byte[] {0x67, 0x42, 0})))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("truncated while reading level_idc");
        assertThatThrownBy(() -> SpsParser.parse(NalUnit.of(new byte[] {0x68, 0x42})))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("expected an SPS");
    }

    static SequenceParameterSet firstSps(byte[] annexB) throws MalformedH264Exception {
        List<NalUnit> units = AnnexB.split(annexB);
        for (NalUnit unit : units) {
            if (unit.type() == NalUnitType.SPS) {
                return SpsParser.parse(unit);
            }
        }
        throw new AssertionError("no SPS");
    }
}
