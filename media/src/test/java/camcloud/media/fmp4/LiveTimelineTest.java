package camcloud.media.fmp4;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.h264.NalIndex;
import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveTimelineTest {

    @TempDir
    Path dir;

    @Test
    void initPlusPerFrameFragmentsDecodeAndCarryCaptureTime() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(320, 240, 50, 25)));
        VideoTrack track = Recording.track(units);
        LiveTimeline live = new LiveTimeline();
        live.format(25);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        stream.writeBytes(InitSegment.of(track));
        long wallClock = 1_763_900_000_123L;
        byte[] second = null;
        for (int i = 0; i < units.size(); i++) {
            // jittery capture clock, as a real camera's
            long capture = 10_000_000 + i * 40_000L + (i % 3) * 1_000;
            byte[] fragment = fragment(live, units.get(i), capture, wallClock + i * 40);
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
    void aStallAdvancesDecodeTimeByAtMostTwoFramesAndANewFormatGoesOnFromThere() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.concat(TestStreams.jcodecFrames(64, 64, 4, 4)));
        LiveTimeline live = new LiveTimeline();
        live.format(25);
        fragment(live, units.get(0), 0, 0);
        fragment(live, units.get(1), 40_000, 40);
        assertThat(live.decodeTime()).isEqualTo(3_600);
        fragment(live, units.get(2), 1_040_000, 1_040); // a one-second stall
        assertThat(live.decodeTime()).isEqualTo(3_600 + 7_200);
        byte[] after = fragment(live, units.get(3), 1_080_000, 1_080);
        assertThat(live.decodeTime()).isEqualTo(3_600 + 7_200 + 3_600);
        // the frame after the stall is not announced as lasting a second
        int trunDuration = ByteBuffer.wrap(after).getInt(indexOf(after, "trun") + 16);
        assertThat(trunDuration).isBetween(3_600, 7_200);
        live.format(25); // a reconnect: decode time never goes back
        fragment(live, units.get(0), 60_000_000, 60_000);
        assertThat(live.decodeTime()).isGreaterThan(3_600 + 7_200 + 3_600);
    }

    @Test
    void aFragmentHoldsTheFramesBytesWithoutCopyingThem() throws Exception {
        List<AccessUnit> units = AccessUnitAssembler.assemble(TestStreams.jcodecFrames(64, 64, 1, 1).get(0));
        ByteBuf annexB = Unpooled.directBuffer().writeBytes(units.get(0).toAnnexB());
        LiveTimeline live = new LiveTimeline();
        ByteBuf fragment = live.fragment(annexB, NalIndex.scan(annexB), 0, 0);
        assertThat(annexB.refCnt()).isGreaterThan(1); // slices of the frame, retained
        byte[] bytes = ByteBufUtil.getBytes(fragment);
        fragment.release();
        assertThat(annexB.refCnt()).isEqualTo(1);
        annexB.release();
        byte[] avcc = units.get(0).toAvcc();
        assertThat(java.util.Arrays.copyOfRange(bytes, bytes.length - avcc.length, bytes.length)).isEqualTo(avcc);
    }

    private static byte[] fragment(LiveTimeline live, AccessUnit unit, long captureMicros, long wallMillis) {
        ByteBuf annexB = Unpooled.wrappedBuffer(unit.toAnnexB());
        ByteBuf fragment = live.fragment(annexB, NalIndex.scan(annexB), captureMicros, wallMillis);
        try {
            return ByteBufUtil.getBytes(fragment);
        } finally {
            fragment.release();
            annexB.release();
        }
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
