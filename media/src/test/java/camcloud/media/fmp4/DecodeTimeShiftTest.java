package camcloud.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeTimeShiftTest {

    @TempDir
    Path dir;

    @Test
    void aSegmentStartingAtZeroReportsItsTrueLengthAndShiftsOntoTheCameraTimeline() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(160, 120, 50, 25)));
        VideoTrack track = Recording.track(units);
        byte[] onDisk = Recording.segment(track, units, 25, 0, 1, true);
        Path stored = dir.resolve("stored.mp4");
        Files.write(stored, onDisk);
        // As stored: starts at 0, so ffprobe's duration is the segment's length.
        assertThat(Double.parseDouble(Ffmpeg.field(Ffmpeg.probe(stored), "format.duration")))
                .isCloseTo(2.0, offset(0.05));
        assertThat(DecodeTimeShift.firstDecodeTime(onDisk)).isZero();

        long cameraTimeline = 90_000L * 1_795_466_004L; // 2026-11-23 on a 90 kHz clock since 1970
        byte[] served = DecodeTimeShift.shift(onDisk, cameraTimeline);
        Path shifted = dir.resolve("served.mp4");
        Files.write(shifted, served);

        assertThat(served).hasSameSizeAs(onDisk);
        assertThat(DecodeTimeShift.firstDecodeTime(served)).isEqualTo(cameraTimeline);
        assertThat(Double.parseDouble(Ffmpeg.field(Ffmpeg.probe(shifted), "format.start_time")))
                .isCloseTo(1_795_466_004.0, offset(0.001));
        Ffmpeg.assertDecodesCleanly(shifted);
        assertThat(Ffmpeg.countFrames(shifted)).isEqualTo(50);
        assertThat(DecodeTimeShift.shift(served, -cameraTimeline)).isEqualTo(onDisk);
    }

    @Test
    void refusesBrokenBoxesAndNegativeTimes() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(160, 120, 5, 25)));
        byte[] segment = Recording.segment(Recording.track(units), units, 25, 0, 1, true);

        assertThatThrownBy(() -> DecodeTimeShift.shift(segment, -1)).isInstanceOf(MalformedMp4Exception.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> DecodeTimeShift.shift(java.util.Arrays.copyOf(segment, segment.length - 3), 1))
                .isInstanceOf(MalformedMp4Exception.class);
    }
}
