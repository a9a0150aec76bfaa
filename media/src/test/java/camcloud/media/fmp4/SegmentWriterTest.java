package camcloud.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentWriterTest {

    @TempDir
    Path dir;

    @Test
    void jcodecSegmentIsAcceptedByFfprobeWithItsSizeAndDuration() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(320, 240, 75, 25)));
        VideoTrack track = Recording.track(units);
        Path file = dir.resolve("segment.mp4");
        Files.write(file, Recording.segment(track, units, 25, 0, 1, true));

        String probe = Ffmpeg.probe(file);
        assertThat(Ffmpeg.field(probe, "streams.stream.0.codec_name")).isEqualTo("h264");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.width")).isEqualTo("320");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.height")).isEqualTo("240");
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(3.0, org.assertj.core.data.Offset.offset(0.05));
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).isEqualTo(75);
    }

    @Test
    void x264HighProfileFourSlicesWithAudAndSeiInGroupedFragments() throws Exception {
        Ffmpeg.assumeAvailable();
        byte[] stream = TestStreams.x264(dir, "640x360", 30, 2, "high", "slices=4:aud=1:bframes=0:keyint=60");
        List<AccessUnit> units = AccessUnitAssembler.assemble(stream);
        VideoTrack track = Recording.track(units);
        Path file = dir.resolve("high.mp4");
        Files.write(file, Recording.segment(track, units, 30, 5_000_000, 10, true));

        String probe = Ffmpeg.probe(file);
        assertThat(Ffmpeg.field(probe, "streams.stream.0.profile")).isEqualTo("High");
        assertThat(Ffmpeg.field(probe, "streams.stream.0.height")).isEqualTo("360");
        // ffprobe reports a fragmented file's duration as its end time: the segment starts at 5 s
        double start = Double.parseDouble(Ffmpeg.field(probe, "format.start_time"));
        double end = Double.parseDouble(Ffmpeg.field(probe, "format.duration"));
        assertThat(start).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.001));
        assertThat(end - start).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.05));
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).isEqualTo(60);
        assertThat(track.codecString()).isEqualTo("avc1.6400" + String.format("%02x", track.sps().levelIdc()));
    }

    @Test
    void reportsWhatTheIndexNeeds() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(64, 64, 10, 10)));
        VideoTrack track = Recording.track(units);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SegmentWriter writer = new SegmentWriter(track, 900_000, FragmentOutput.of(out), SampleClock.standard(), 1, true);
        for (int i = 0; i < units.size(); i++) {
            writer.add(units.get(i), 1_000_000 + i * 40_000L, 0);
        }
        SegmentInfo info = writer.finish(1_400_000);
        assertThat(info.frames()).isEqualTo(10);
        assertThat(info.durationTicks()).isEqualTo(36_000);
        assertThat(info.durationSeconds()).isEqualTo(0.4);
        assertThat(info.baseDecodeTime()).isEqualTo(900_000);
        assertThat(info.size()).isEqualTo(out.size());
        assertThat(info.initSize()).isEqualTo(InitSegment.of(track).length);
    }

    @Test
    void trackFromAnInBandKeyframeAndChangeDetection() throws Exception {
        List<AccessUnit> small = AccessUnitAssembler.assemble(TestStreams.jcodecFrames(64, 64, 1, 1).get(0));
        List<AccessUnit> large = AccessUnitAssembler.assemble(TestStreams.jcodecFrames(128, 64, 1, 1).get(0));
        VideoTrack track = VideoTrack.of(small.get(0));
        assertThat(track.width()).isEqualTo(64);
        assertThat(track.describes(small.get(0))).isTrue();
        assertThat(track.describes(large.get(0))).isFalse();
        AccessUnit slicesOnly = new AccessUnit(small.get(0).nalUnits().stream()
                .filter(camcloud.media.h264.NalUnit::isVcl).toList(), true);
        assertThat(track.describes(slicesOnly)).isTrue();
        assertThatThrownBy(() -> VideoTrack.of(slicesOnly)).hasMessageContaining("missing SPS");
    }

    @Test
    void aSegmentClosedMidGopAndContinuedLaterIsOneSegmentThatDecodesCleanly() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(160, 96, 50, 25)));
        VideoTrack track = Recording.track(units);
        SampleClock clock = new SampleClock(VideoTrack.TIMESCALE, 40_000, SampleClock.DEFAULT_MAX_SAMPLE_MICROS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SegmentWriter first = new SegmentWriter(track, 0, FragmentOutput.of(out), clock, 1, true);
        for (int i = 0; i < 30; i++) { // closed in the middle of its GOP: the next unit is no keyframe
            first.add(units.get(i), i * 40_000L, 0);
        }
        SegmentInfo before = first.finish();
        assertThat(units.get(30).keyframe()).isFalse();

        ByteArrayOutputStream continued = new ByteArrayOutputStream();
        continued.writeBytes(out.toByteArray());
        SegmentWriter rest = SegmentWriter.continuing(track, before.durationTicks(), before.frames() + 1, FragmentOutput.of(continued),
                new SampleClock(VideoTrack.TIMESCALE, 40_000, SampleClock.DEFAULT_MAX_SAMPLE_MICROS), 1);
        for (int i = 30; i < 50; i++) {
            rest.add(units.get(i), i * 40_000L, 0);
        }
        SegmentInfo after = rest.finish(50 * 40_000L);
        assertThat(after.initSize()).isZero();
        assertThat(before.size() + after.size()).isEqualTo(continued.size());
        assertThat(before.durationTicks() + after.durationTicks()).isEqualTo(50 * 3_600);

        SegmentReader.Contents read = SegmentReader.read(continued.toByteArray(), null);
        assertThat(read.samples()).hasSize(50);
        for (int i = 0; i < 50; i++) {
            assertThat(read.samples().get(i).decodeTime()).as("decode time of frame %d", i).isEqualTo(i * 3_600L);
        }
        Path file = dir.resolve("continued.mp4");
        Files.write(file, continued.toByteArray());
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).isEqualTo(50);
    }

    @Test
    void refusesToStartOnANonKeyframe() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(64, 64, 2, 10)));
        SegmentWriter writer = new SegmentWriter(Recording.track(units), 0, FragmentOutput.of(new ByteArrayOutputStream()),
                SampleClock.standard(), 1, true);
        assertThatThrownBy(() -> writer.add(units.get(1), 0, 0)).hasMessageContaining("keyframe");
    }
}
