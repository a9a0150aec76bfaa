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

    /** 90 kHz ticks of a time in microseconds (the segments' decode timeline). */
    private static long ticks(long micros) {
        return micros * 9 / 100;
    }

    /** Pass 1 and 2 over {@code segments} (each placed on the timeline by its own decode times). */
    private static byte[] export(Mp4Export export, List<byte[]> segments) throws Exception {
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
    void aRangeIsCutToTheFrameFromTheKeyframeBeforeItWithAnEditListHidingThePreRoll() throws Exception {
        Ffmpeg.assumeAvailable();
        // Keyframes every 2 s (frames 0, 50, 100); ask for 2.6 s .. 5.3 s.
        Mp4Export export = new Mp4Export(ticks(2_600_000), ticks(5_300_000));
        export.createdAt(java.time.Instant.parse("2026-11-23T10:00:02Z"));
        byte[] mp4 = export(export, segments());
        assertThat(export.frames()).as("frames 50 (keyframe at 2.0 s) to 132 (5.28 s)").isEqualTo(83);
        assertThat(export.prerollTicks()).isEqualTo(ticks(600_000));
        assertThat(export.durationSeconds()).isCloseTo(2.7, offset(0.0001));
        assertThat(export.firstPresentedTicks()).isEqualTo(ticks(2_600_000));
        assertThat(export.lastPresentedTicks()).isEqualTo(ticks(5_300_000));

        Path file = dir.resolve("cut.mp4");
        Files.write(file, mp4);
        String probe = Ffmpeg.probe(file);
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(2.7, offset(0.001));
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "streams.stream.0.duration"))).isCloseTo(2.7, offset(0.001));
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "streams.stream.0.start_time"))).isZero();
        assertThat(Ffmpeg.field(probe, "streams.stream.0.nb_frames")).as("samples, pre-roll included").isEqualTo("83");
        assertThat(Ffmpeg.field(probe, "format.tags.creation_time")).isEqualTo("2026-11-23T10:00:02.000000Z");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.tags.creation_time")).isEqualTo("2026-11-23T10:00:02.000000Z");
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).as("frames presented: 2.6 s .. 5.28 s").isEqualTo(68);
        String frames = Ffmpeg.run("ffprobe", "-v", "error", "-show_frames", "-show_entries", "frame=pts_time,key_frame",
                "-of", "csv=p=0", file.toString()).stdout();
        assertThat(frames).as("the keyframe of 4.0 s is presented at 1.4 s").contains("1,1.400000\n")
                .startsWith("0,0.000000\n").endsWith("0,2.680000\n");
    }

    @Test
    void aRangeStartingOnAKeyframeNeedsNoEditList() throws Exception {
        Mp4Export export = new Mp4Export(ticks(2_000_000), ticks(4_000_000));
        byte[] mp4 = export(export, segments());
        assertThat(export.frames()).isEqualTo(50);
        assertThat(export.prerollTicks()).isZero();
        assertThat(export.durationSeconds()).isCloseTo(2.0, offset(0.0001));
        assertThat(new String(mp4, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("edts", "udta");
    }

    /**
     * The recorder's layout: every file starts at decode time 0 and its place on the camera's
     * timeline is given beside it. A range across a 54 s hole closes it up and says where it was.
     */
    @Test
    void segmentsPlacedOnTheTimelineAcrossAGapAreClosedUpAndTheGapIsReported() throws Exception {
        Ffmpeg.assumeAvailable();
        long base = ticks(1_700_000_000_000_000L);
        byte[] a = Recording.segment(track, units.subList(0, 50), 25, 0, 1, true);
        byte[] b = Recording.segment(track, units.subList(50, 100), 25, 0, 1, true);
        byte[] c = Recording.segment(track, units.subList(100, 150), 25, 0, 1, true);
        long[] starts = {base, base + ticks(2_000_000), base + ticks(60_000_000)}; // b ends at 4 s, c starts at 60 s
        Mp4Export export = new Mp4Export(base + ticks(1_000_000), base + ticks(61_500_000));
        export.comment("gaps closed up: 4 s to 60 s");
        List<byte[]> parts = List.of(a, b, c);
        for (int i = 0; i < 3; i++) {
            export.scan(parts.get(i), starts[i]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.writeHeader(out);
        for (byte[] part : parts) {
            export.writeMedia(part, out);
        }
        export.finish();
        assertThat(export.gaps()).containsExactly(new Mp4Export.Gap(base + ticks(4_000_000), base + ticks(60_000_000)));
        assertThat(export.durationSeconds()).as("3 s before the gap, 1.5 s after").isCloseTo(4.5, offset(0.0001));
        assertThat(export.firstPresentedTicks()).isEqualTo(base + ticks(1_000_000));
        assertThat(export.lastPresentedTicks()).isEqualTo(base + ticks(61_500_000));

        Path file = dir.resolve("gap-cut.mp4");
        Files.write(file, out.toByteArray());
        String probe = Ffmpeg.probe(file);
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(4.5, offset(0.001));
        assertThat(Ffmpeg.field(probe, "format.tags.comment")).isEqualTo("gaps closed up: 4 s to 60 s");
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).isEqualTo(75 + 38);
    }

    @Test
    void aRangeStartingInAGapStartsAtTheFirstRecordedFrameAfterIt() throws Exception {
        List<byte[]> segments = segments();
        Mp4Export export = new Mp4Export(ticks(-3_000_000), ticks(1_000_000));
        export(export, segments);
        assertThat(export.prerollTicks()).isZero();
        assertThat(export.firstPresentedTicks()).isZero();
        assertThat(export.frames()).isEqualTo(25);

        Mp4Export after = new Mp4Export(ticks(5_990_000), ticks(9_000_000));
        export(after, segments);
        assertThat(after.frames()).as("the keyframe at 4 s and the frames to the last one").isEqualTo(50);
        assertThat(after.durationTicks()).isEqualTo(ticks(10_000));
        Mp4Export none = new Mp4Export(ticks(6_000_000), ticks(9_000_000));
        for (byte[] segment : segments) {
            none.scan(segment);
        }
        assertThat(none.frames()).isZero();
        assertThatThrownBy(() -> none.writeHeader(OutputStream.nullOutputStream()))
                .isInstanceOf(Mp4ExportException.class).hasMessageContaining("nothing to export");
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
