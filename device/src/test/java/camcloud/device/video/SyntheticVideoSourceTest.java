package camcloud.device.video;

import camcloud.device.ring.RingFrame;
import camcloud.device.ring.RingReader;
import camcloud.device.ring.RingWriter;
import camcloud.media.h264.AnnexB;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The synthetic camera: real H.264 that ffmpeg decodes, fresh timestamps, loops shared per settings. */
class SyntheticVideoSourceTest {

    /** Not a multiple of 16 in height (cropped), fast frame rate so the test pulls frames quickly. */
    private static final SceneSettings SMALL = new SceneSettings(320, 180, 50, 1000, 25, 1);

    @TempDir
    Path dir;

    @Test
    void streamAcrossTheLoopSeamDecodesCleanlyWithTheConfiguredSizeAndFrameCount() throws Exception {
        FfmpegCheck.assumeAvailable();
        EncodedLoopCache cache = new EncodedLoopCache();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (SyntheticVideoSource camera = new SyntheticVideoSource(SMALL, 42, cache)) {
            for (int i = 0; i < 70; i++) { // 50-frame loop: crosses the seam once
                stream.write(camera.next().annexB());
            }
        }
        Path file = Files.write(dir.resolve("camera.h264"), stream.toByteArray());

        FfmpegCheck.assertDecodesCleanly(file);
        assertThat(FfmpegCheck.probeStream(file)).contains(
                "codec_name=\"h264\"", "width=320", "height=180", "nb_read_frames=\"70\"");
    }

    @Test
    void streamHandedThroughTheRingDecodesCleanly() throws Exception {
        FfmpegCheck.assumeAvailable();
        Path ringFile = dir.resolve("camera.ring");
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (SyntheticVideoSource camera = new SyntheticVideoSource(SMALL, 3, new EncodedLoopCache());
             RingWriter writer = RingWriter.create(ringFile, 64, 1 << 20);
             RingReader reader = RingReader.open(ringFile)) {
            for (int i = 0; i < 60; i++) {
                VideoFrame sent = camera.next();
                writer.append(sent);
                RingFrame frame = reader.poll();
                byte[] copy = new byte[frame.length()];
                frame.payload().get(copy); // the agent's one copy, into its outgoing buffer
                assertThat(reader.release(frame)).isTrue();
                assertThat(frame.keyframe()).isEqualTo(sent.keyframe());
                assertThat(frame.captureMicros()).isEqualTo(sent.captureMicros());
                assertThat(frame.wallClockMillis()).isEqualTo(sent.wallClockMillis());
                received.write(copy);
            }
        }
        Path file = Files.write(dir.resolve("received.h264"), received.toByteArray());
        FfmpegCheck.assertDecodesCleanly(file);
        assertThat(FfmpegCheck.probeStream(file)).contains("nb_read_frames=\"60\"");
    }

    @Test
    void framesHaveIncreasingCaptureTimesAndAnIdrEveryGop() throws Exception {
        try (SyntheticVideoSource camera = new SyntheticVideoSource(SMALL, 7, new EncodedLoopCache())) {
            List<VideoFrame> frames = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                frames.add(camera.next());
            }
            for (int i = 0; i < frames.size(); i++) {
                VideoFrame frame = frames.get(i);
                assertThat(frame.keyframe()).as("keyframe flag of frame %d", i).isEqualTo(i % 25 == 0);
                assertThat(hasNal(frame.annexB(), NalUnitType.IDR_SLICE)).as("IDR slice in frame %d", i)
                        .isEqualTo(frame.keyframe());
                if (i > 0) {
                    assertThat(frame.captureMicros()).isGreaterThan(frames.get(i - 1).captureMicros());
                    assertThat(frame.wallClockMillis()).isGreaterThanOrEqualTo(frames.get(i - 1).wallClockMillis());
                }
            }
        }
    }

    @Test
    void formatCarriesTheSpsAndPpsOfTheStream() throws Exception {
        try (SyntheticVideoSource camera = new SyntheticVideoSource(SMALL, 7, new EncodedLoopCache())) {
            VideoFormat format = camera.format();
            assertThat(format.width()).isEqualTo(320);
            assertThat(format.height()).isEqualTo(180);
            assertThat(format.fps()).isEqualTo(50);
            assertThat(format.sps()[0] & 0x1f).isEqualTo(NalUnitType.SPS);
            assertThat(format.pps()[0] & 0x1f).isEqualTo(NalUnitType.PPS);
            List<NalUnit> idr = AnnexB.split(camera.next().annexB());
            assertThat(idr.get(0).bytes()).isEqualTo(format.sps());
            assertThat(idr.get(1).bytes()).isEqualTo(format.pps());
        }
    }

    @Test
    void camerasWithMatchingSettingsAndVariantShareOneEncodedLoop() {
        EncodedLoopCache cache = new EncodedLoopCache();
        long seedA = 1;
        long seedB = seedWithVariant(SyntheticVideoSource.variantOf(seedA), seedA + 1);
        long seedC = seedWithVariant((SyntheticVideoSource.variantOf(seedA) + 1) % EncodedLoopCache.SCENE_VARIANTS, 1);
        try (SyntheticVideoSource a = new SyntheticVideoSource(SMALL, seedA, cache);
             SyntheticVideoSource b = new SyntheticVideoSource(SMALL, seedB, cache);
             SyntheticVideoSource c = new SyntheticVideoSource(SMALL, seedC, cache)) {
            assertThat(b.loop()).isSameAs(a.loop());
            assertThat(c.loop()).isNotSameAs(a.loop());
            assertThat(c.loop().variant()).isNotEqualTo(a.loop().variant());
            assertThat(c.loop().accessUnit(0)).as("a different scene").isNotEqualTo(a.loop().accessUnit(0));
            assertThat(cache.size()).isEqualTo(2);
        }
    }

    @Test
    void loopIsWholeGopsAndReportsItsBitrate() {
        SceneSettings settings = new SceneSettings(320, 180, 10, 300, 4, 1); // 10 frames -> 12 (3 GOPs)
        EncodedLoop loop = new EncodedLoopCache().loop(settings, 0);
        assertThat(loop.frameCount()).isEqualTo(12);
        assertThat(loop.isKeyframe(0)).isTrue();
        assertThat(loop.isKeyframe(4)).isTrue();
        assertThat(loop.isKeyframe(5)).isFalse();
        assertThat(loop.averageBitrateKbps()).isPositive();
    }

    @Test
    void bitrateAboveJcodecsFloorIsReachedOnAverage() {
        SceneSettings settings = new SceneSettings(320, 180, 25, 600, 25, 2);
        EncodedLoop loop = new EncodedLoopCache().loop(settings, 1);
        assertThat(loop.averageBitrateKbps()).isBetween(600 * 0.7, 600 * 1.3);
    }

    @Test
    void badSettingsFailNamingTheSettingAndValue() {
        assertThatThrownBy(() -> new SceneSettings(321, 180, 25, 500, 25, 2))
                .hasMessageContaining("width").hasMessageContaining("321");
        assertThatThrownBy(() -> new SceneSettings(320, 180, 0, 500, 25, 2))
                .hasMessageContaining("fps").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new SceneSettings(320, 180, 25, 5, 25, 2))
                .hasMessageContaining("bitrateKbps").hasMessageContaining("was 5");
        assertThatThrownBy(() -> new SceneSettings(320, 180, 25, 500, 0, 2))
                .hasMessageContaining("gopFrames").hasMessageContaining("was 0");
        assertThatThrownBy(() -> new EncodedLoopCache().loop(SMALL, 9))
                .hasMessageContaining("variant").hasMessageContaining("9");
    }

    private static long seedWithVariant(int variant, long from) {
        long seed = from;
        while (SyntheticVideoSource.variantOf(seed) != variant) {
            seed++;
        }
        return seed;
    }

    private static boolean hasNal(byte[] annexB, int type) throws Exception {
        for (NalUnit unit : AnnexB.split(annexB)) {
            if (unit.type() == type) {
                return true;
            }
        }
        return false;
    }
}
