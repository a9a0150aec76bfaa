package camcloud.media.mp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import camcloud.media.fmp4.InitSegment;
import camcloud.media.fmp4.Recording;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Mp4ExportTest {

    private static List<AccessUnit> units;
    private static VideoTrack track;

    @TempDir
    Path dir;

    @BeforeAll
    static void encode() throws Exception {
        units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(320, 240, 150, 50)));
        track = Recording.track(units);
    }

    /** Three self-contained 2 s segments, continuous in time. */
    private static List<byte[]> segments() throws Exception {
        List<byte[]> segments = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            segments.add(Recording.segment(track, units.subList(i * 50, i * 50 + 50), 25, i * 2_000_000L, 1, true));
        }
        return segments;
    }

    private static byte[] export(List<byte[]> segments) throws Exception {
        Mp4Export export = new Mp4Export();
        for (byte[] segment : segments) {
            export.scan(segment);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.writeHeader(out);
        for (byte[] segment : segments) {
            export.writeMedia(segment, out);
        }
        export.finish();
        assertThat((long) out.size()).isEqualTo(export.fileSize());
        return out.toByteArray();
    }

    @Test
    void joinedSegmentsAreOneProgressiveMp4WithTheRightDuration() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] mp4 = export(segments());
        assertThat(new String(mp4, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftyp");
        int ftypSize = java.nio.ByteBuffer.wrap(mp4).getInt(0);
        assertThat(new String(mp4, ftypSize + 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("moov");

        Path file = dir.resolve("export.mp4");
        Files.write(file, mp4);
        String probe = Ffmpeg.probe(file);
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(6.0, offset(0.001));
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "streams.stream.0.duration"))).isCloseTo(6.0, offset(0.001));
        assertThat(Ffmpeg.field(probe, "streams.stream.0.nb_frames")).isEqualTo("150");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.width")).isEqualTo("320");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.height")).isEqualTo("240");
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).isEqualTo(150);
    }

    @Test
    void sharedInitWithFragmentOnlySegmentsAndAGapIsClosedUp() throws Exception {
        Ffmpeg.assumeAvailable();
        List<byte[]> parts = new ArrayList<>();
        parts.add(InitSegment.of(track));
        parts.add(Recording.segment(track, units.subList(0, 50), 25, 0, 10, false));
        parts.add(Recording.segment(track, units.subList(50, 100), 25, 60_000_000L, 10, false)); // a minute later
        Path file = dir.resolve("gap.mp4");
        Files.write(file, export(parts));
        String probe = Ffmpeg.probe(file);
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(4.0, offset(0.001));
        Ffmpeg.assertDecodesCleanly(file);
    }

    @Test
    void exportsX264HighProfileWithSlices() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> high = AccessUnitAssembler.assemble(
                TestStreams.x264(dir, "480x270", 30, 2, "high", "slices=4:aud=1:bframes=0:keyint=30"));
        VideoTrack highTrack = Recording.track(high);
        List<byte[]> parts = List.of(
                Recording.segment(highTrack, high.subList(0, 30), 30, 0, 1, true),
                Recording.segment(highTrack, high.subList(30, 60), 30, 1_000_000, 1, true));
        Path file = dir.resolve("high.mp4");
        Files.write(file, export(parts));
        String probe = Ffmpeg.probe(file);
        assertThat(Ffmpeg.field(probe, "streams.stream.0.profile")).isEqualTo("High");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.height")).isEqualTo("270");
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(2.0, offset(0.001));
        Ffmpeg.assertDecodesCleanly(file);
    }

    @Test
    void refusesSegmentsOfDifferentCodecConfiguration() throws Exception {
        List<AccessUnit> other = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(160, 120, 5, 5)));
        Mp4Export export = new Mp4Export();
        export.scan(segments().get(0));
        byte[] small = Recording.segment(Recording.track(other), other, 25, 2_000_000, 1, true);
        assertThatThrownBy(() -> export.scan(small))
                .isInstanceOf(Mp4ExportException.class).hasMessageContaining("different codec configuration");
    }

    @Test
    void damagedSegmentsAndMismatchedPassesAreClearErrors() throws Exception {
        List<byte[]> segments = segments();
        byte[] truncated = Arrays.copyOf(segments.get(1), segments.get(1).length - 100);
        Mp4Export export = new Mp4Export();
        export.scan(segments.get(0));
        assertThatThrownBy(() -> export.scan(truncated))
                .isInstanceOf(Mp4ExportException.class).hasMessageContaining("segment 2 is damaged");

        Mp4Export twoPass = new Mp4Export();
        twoPass.scan(segments.get(0));
        twoPass.writeHeader(OutputStream.nullOutputStream());
        assertThatThrownBy(() -> twoPass.writeMedia(segments.get(1), OutputStream.nullOutputStream()))
                .isInstanceOf(Mp4ExportException.class).hasMessageContaining("pass 2 differs");
        assertThatThrownBy(() -> new Mp4Export().writeHeader(OutputStream.nullOutputStream()))
                .isInstanceOf(Mp4ExportException.class).hasMessageContaining("nothing to export");
    }
}
