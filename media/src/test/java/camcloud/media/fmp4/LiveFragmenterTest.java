package camcloud.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveFragmenterTest {

    @TempDir
    Path dir;

    @Test
    void initPlusPerFrameFragmentsDecodeAndCarryCaptureTime() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(320, 240, 50, 25)));
        VideoTrack track = Recording.track(units);
        LiveFragmenter live = new LiveFragmenter(track, SampleClock.standard());
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(live.initSegment());
        long wallClock = 1_763_900_000_123L;
        byte[] second = null;
        for (int i = 0; i < units.size(); i++) {
            // jittery capture clock, as a real camera's
            long capture = 10_000_000 + i * 40_000L + (i % 3) * 1_000;
            byte[] fragment = live.fragment(units.get(i), capture, wallClock + i * 40);
            if (i == 1) {
                second = fragment;
            }
            stream.writeBytes(fragment);
        }
        Path file = dir.resolve("live.mp4");
        Files.write(file, stream.toByteArray());
        String probe = Ffmpeg.probe(file);
        assertThat(Ffmpeg.field(probe, "streams.stream.0.width")).isEqualTo("320");
        assertThat(Double.parseDouble(Ffmpeg.field(probe, "format.duration"))).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.1));
        Ffmpeg.assertDecodesCleanly(file);
        assertThat(Ffmpeg.countFrames(file)).isEqualTo(50);

        ByteBuffer prft = ByteBuffer.wrap(second);
        assertThat(prft.getInt()).isEqualTo(32);
        assertThat(new String(second, 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("prft");
        assertThat(prft.getInt(8)).isEqualTo(0x01000000); // version 1, flags 0
        assertThat(prft.getInt(12)).isEqualTo(VideoTrack.TRACK_ID);
        long ntp = prft.getLong(16);
        long unixSeconds = (ntp >>> 32) - ProducerReferenceTime.NTP_UNIX_OFFSET_SECONDS;
        long millis = ((ntp & 0xffffffffL) * 1000 + (1L << 31)) >>> 32;
        assertThat(unixSeconds * 1000 + millis).isEqualTo(wallClock + 40);
        assertThat(prft.getLong(24)).isEqualTo(3_690); // 41 ms in 90 kHz ticks
        assertThat(new String(second, 36, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("moof");
    }

    @Test
    void aStallAdvancesDecodeTimeByAtMostTwoFrames() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(64, 64, 4, 4)));
        LiveFragmenter live = new LiveFragmenter(Recording.track(units), SampleClock.standard());
        live.fragment(units.get(0), 0, 0);
        live.fragment(units.get(1), 40_000, 40);
        assertThat(live.decodeTime()).isEqualTo(3_600);
        live.fragment(units.get(2), 1_040_000, 1_040); // a one-second stall
        assertThat(live.decodeTime()).isEqualTo(3_600 + 7_200);
        byte[] after = live.fragment(units.get(3), 1_080_000, 1_080);
        assertThat(live.decodeTime()).isEqualTo(3_600 + 7_200 + 3_600);
        // the frame after the stall is not announced as lasting a second
        int trunDuration = ByteBuffer.wrap(after).getInt(indexOf(after, "trun") + 16);
        assertThat(trunDuration).isBetween(3_600, 7_200);
    }

    private static int indexOf(byte[] bytes, String type) {
        byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + 4 <= bytes.length; i++) {
            for (int j = 0; j < 4; j++) {
                if (bytes[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("no " + type);
    }

    @Test
    void mimeTypeMatchesTheSps() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.jcodecFrames(64, 64, 1, 1).get(0));
        VideoTrack track = Recording.track(units);
        assertThat(track.mimeType()).matches("video/mp4; codecs=\"avc1\\.[0-9a-f]{6}\"");
    }
}
