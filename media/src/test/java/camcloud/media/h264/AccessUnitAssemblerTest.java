package camcloud.media.h264;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessUnitAssemblerTest {

    @TempDir
    Path dir;

    @Test
    void groupsJcodecFramesIntoOneAccessUnitEach() throws Exception {
        List<byte[]> frames = TestStreams.jcodecFrames(160, 96, 30, 10);
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(frames));
        assertThat(units).hasSize(30);
        for (int i = 0; i < 30; i++) {
            assertThat(units.get(i).keyframe()).as("frame %d", i).isEqualTo(i % 10 == 0);
            assertThat(units.get(i).toAnnexB()).isEqualTo(AnnexB.join(AnnexB.split(frames.get(i))));
        }
    }

    @Test
    void groupsFourSlicePicturesWithAudAndSei() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "320x240", 25, 2, "high", "slices=4:aud=1:keyint=25");
        List<AccessUnit> units = AccessUnitAssembler.assemble(stream);
        Path file = dir.resolve("copy.h264");
        Files.write(file, stream);
        assertThat(units).hasSize(Ffmpeg.countFrames(file)).hasSize(50);
        for (AccessUnit unit : units) {
            assertThat(unit.nalUnits().get(0).type()).isEqualTo(NalUnitType.AUD);
            assertThat(unit.nalUnits().stream().filter(NalUnit::isVcl)).hasSize(4);
        }
        assertThat(units.get(0).nalUnits()).extracting(NalUnit::type).contains(NalUnitType.SEI, NalUnitType.SPS);
        assertThat(units).filteredOn(AccessUnit::keyframe).hasSize(2);
        assertThat(units.get(25).keyframe()).isTrue();
    }

    @Test
    void splitsPicturesWithoutAudByTheirSliceHeaders() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "320x240", 25, 2, "main", "slices=3:bframes=2:keyint=50");
        List<AccessUnit> units = AccessUnitAssembler.assemble(stream);
        assertThat(units).hasSize(50);
        assertThat(units).allSatisfy(unit ->
                assertThat(unit.nalUnits().stream().filter(NalUnit::isVcl)).hasSize(3));
    }

    @Test
    void reassembledStreamDecodesCleanly() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "320x240", 25, 1, "baseline", "slices=2");
        List<AccessUnit> units = AccessUnitAssembler.assemble(stream);
        Path out = dir.resolve("reassembled.h264");
        Files.write(out, TestStreams.concat(units.stream().map(AccessUnit::toAnnexB).toList()));
        Ffmpeg.assertDecodesCleanly(out);
        assertThat(Ffmpeg.countFrames(out)).isEqualTo(25);
    }

    @Test
    void endlessNonPictureUnitsAreRefusedNotHoarded() throws Exception {
        AccessUnitAssembler assembler = new AccessUnitAssembler();
        NalUnit sei = NalUnit.of(new byte[] {0x06, 0x05, 0x01, 0x00, (byte) 0x80});
        assertThatThrownBy(() -> {
            for (int i = 0; i <= AccessUnitAssembler.MAX_UNITS_PER_ACCESS_UNIT; i++) {
                assembler.add(sei);
            }
        }).isInstanceOf(MalformedH264Exception.class).hasMessageContaining("no picture completed");
        assertThat(assembler.flush()).isEmpty();
    }

    @Test
    void sliceBeforeAnyParameterSetIsAClearError() throws Exception {
        List<NalUnit> units = AnnexB.split(TestStreams.jcodecFrames(64, 64, 1, 1).get(0));
        NalUnit slice = units.stream().filter(NalUnit::isVcl).findFirst().orElseThrow();
        AccessUnitAssembler assembler = new AccessUnitAssembler();
        assertThatThrownBy(() -> assembler.add(slice))
                .isInstanceOf(MalformedH264Exception.class).hasMessageContaining("has not sent");
        for (NalUnit unit : units) {
            assembler.add(unit); // still usable once the parameter sets arrive
        }
        assertThat(assembler.flush()).get().extracting(AccessUnit::keyframe).isEqualTo(true);
    }
}
