package camcloud.device.video;

import camcloud.media.testing.Ffmpeg;
import org.jcodec.common.model.Picture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The clock burned into the synthetic picture: a slice of its own on top of the replayed loop,
 * checked in what ffmpeg decodes.
 */
class BurnedInClockTest {

    /** A one-second loop at 50 fps: frames n and n + 50 replay the same loop picture one second apart. */
    private static final SceneSettings SMALL = new SceneSettings(320, 180, 50, 1000, 25, 1);
    private static final ZoneId ZONE = ZoneOffset.ofHours(1);
    /** Half a second into 14:03:06 local time, so seconds turn mid-GOP and mid-loop. */
    private static final Instant START = Instant.parse("2026-11-23T13:03:06.500Z");

    @TempDir
    Path dir;

    @Test
    void clockShowsEachFramesCaptureSecondWhileTheSceneBelowItReplaysUnchanged() throws Exception {
        Ffmpeg.assumeAvailable();
        EncodedLoopCache cache = new EncodedLoopCache();
        Path file = record(cache, 150);
        FfmpegCheck.assertDecodesCleanly(file);

        PictureSplit split = PictureSplit.of(SMALL);
        List<byte[]> frames = decodeLuma(file, SMALL.width(), SMALL.height());
        assertThat(frames).hasSize(150);
        int bandBytes = split.bandHeight() * SMALL.width();
        for (int n = 0; n < 100; n++) {
            byte[] now = frames.get(n);
            byte[] secondLater = frames.get(n + 50);
            assertThat(Arrays.equals(now, 0, bandBytes, secondLater, 0, bandBytes))
                    .as("clock band of frames %d and %d, one second apart", n, n + 50).isFalse();
            assertThat(Arrays.equals(now, bandBytes, now.length, secondLater, bandBytes, now.length))
                    .as("scene below the clock of frames %d and %d, the same loop picture", n, n + 50).isTrue();
        }
        for (int n = 0; n < 150; n++) {
            String label = ClockBand.label(START.toEpochMilli() + 20L * n, ZONE);
            assertThat(psnr(expectedBand(split, label), frames.get(n), bandBytes))
                    .as("frame %d shows %s", n, label).isGreaterThan(30);
        }
        assertThat(ClockBand.label(START.toEpochMilli(), ZONE)).isEqualTo("2026-11-23 14:03:06 +01:00");
    }

    @Test
    void everyPictureIsTheClockSliceThenTheSceneSliceAndNoDeblockingCrossesThem() throws Exception {
        Ffmpeg.assumeAvailable();
        Path file = record(new EncodedLoopCache(), 100);
        int bandMacroblocks = PictureSplit.of(SMALL).bandMacroblocks();

        List<SliceHeader> slices = traceSlices(file);
        assertThat(slices).hasSize(200);
        for (int n = 0; n < 100; n++) {
            SliceHeader band = slices.get(2 * n);
            SliceHeader scene = slices.get(2 * n + 1);
            assertThat(band.firstMb()).as("frame %d band's first macroblock", n).isZero();
            assertThat(scene.firstMb()).as("frame %d scene's first macroblock", n).isEqualTo(bandMacroblocks);
            assertThat(band.deblocking()).isEqualTo(2);
            assertThat(scene.deblocking()).isEqualTo(2);
            boolean idr = n % SMALL.gopFrames() == 0;
            boolean newSecond = n == 25 || n == 75; // 06.500 + 25 frames of 20 ms = 07.000
            assertThat(scene.intra()).as("frame %d scene is an I slice", n).isEqualTo(idr);
            assertThat(band.intra()).as("frame %d band is an I slice", n).isEqualTo(idr || newSecond || n == 0);
        }
    }

    @Test
    void loopWithoutAClockShowsTheSceneAndDashesWhereTheClockGoes() throws Exception {
        Ffmpeg.assumeAvailable();
        EncodedLoop loop = new EncodedLoopCache().loop(SMALL, 2);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < loop.frameCount(); i++) {
            stream.write(loop.accessUnit(i));
        }
        Path file = Files.write(dir.resolve("loop.h264"), stream.toByteArray());
        FfmpegCheck.assertDecodesCleanly(file);

        PictureSplit split = PictureSplit.of(SMALL);
        List<byte[]> frames = decodeLuma(file, SMALL.width(), SMALL.height());
        SceneRenderer renderer = new SceneRenderer(SMALL, 2, split.bandHeight());
        Picture scene = renderer.newPicture();
        byte[] dashes = expectedBand(split, ClockBand.NO_CLOCK);
        int bandBytes = split.bandHeight() * SMALL.width();
        for (int i = 0; i < frames.size(); i++) {
            renderer.draw(i, scene);
            byte[] drawn = pixels(scene.getPlaneData(0));
            byte[] decoded = frames.get(i);
            assertThat(psnr(dashes, decoded, bandBytes)).as("band of frame %d", i).isGreaterThan(30);
            assertThat(psnr(Arrays.copyOfRange(drawn, bandBytes, drawn.length),
                    Arrays.copyOfRange(decoded, bandBytes, decoded.length), drawn.length - bandBytes))
                    .as("scene of frame %d against the drawn scene", i).isGreaterThan(30);
        }
    }

    @Test
    void camerasOfOnePictureSizeShareEachSecondsBand() throws Exception {
        EncodedLoopCache cache = new EncodedLoopCache();
        try (SyntheticVideoSource a = new SyntheticVideoSource(SMALL, 1, cache, steppingClock());
             SyntheticVideoSource b = new SyntheticVideoSource(SMALL, 2, cache, steppingClock())) {
            for (int i = 0; i < 60; i++) {
                a.next();
                b.next();
            }
        }
        ClockBandCache bands = cache.clockBands(PictureSplit.of(SMALL));
        assertThat(bands.size()).as("two seconds shown and the next one prefetched, each once for both cameras")
                .isEqualTo(3);
        String label = ClockBand.label(START.toEpochMilli(), ZONE);
        assertThat(bands.slice(label)).isSameAs(bands.slice(label));
        for (int second = 0; second < 20; second++) {
            bands.slice(ClockBand.label(START.toEpochMilli() + 1000L * second, ZONE));
        }
        assertThat(bands.size()).isEqualTo(ClockBandCache.KEPT);
    }

    @Test
    void labelIsTheLocalSecondWithItsOffsetFromUtc() {
        long millis = Instant.parse("2026-07-01T21:59:59.999Z").toEpochMilli();
        assertThat(ClockBand.label(millis, ZoneId.of("Europe/Berlin"))).isEqualTo("2026-07-01 23:59:59 +02:00");
        assertThat(ClockBand.label(millis, ZoneOffset.UTC)).isEqualTo("2026-07-01 21:59:59 +00:00");
        assertThat(ClockBand.label(millis + 1, ZoneId.of("America/New_York"))).isEqualTo("2026-07-01 18:00:00 -04:00");
    }

    private Path record(EncodedLoopCache cache, int frames) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        try (SyntheticVideoSource camera = new SyntheticVideoSource(SMALL, 42, cache, steppingClock())) {
            for (int i = 0; i < frames; i++) {
                VideoFrame frame = camera.next();
                assertThat(frame.wallClockMillis()).isEqualTo(START.toEpochMilli() + 20L * i);
                stream.write(frame.annexB());
            }
        }
        return Files.write(dir.resolve("camera.h264"), stream.toByteArray());
    }

    /** A wall clock that moves one frame (20 ms at 50 fps) each time it is read: the camera reads it once a frame. */
    private static Clock steppingClock() {
        return new Clock() {
            private long reads;

            @Override
            public ZoneId getZone() {
                return ZONE;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return START.plusMillis(20 * reads++);
            }
        };
    }

    private static byte[] expectedBand(PictureSplit split, String label) {
        Picture band = split.newBandPicture();
        new ClockBand(split).draw(label, band);
        return pixels(band.getPlaneData(0));
    }

    /** JCodec's samples (value - 128) as pixel values. */
    private static byte[] pixels(byte[] samples) {
        byte[] out = new byte[samples.length];
        for (int i = 0; i < samples.length; i++) {
            out[i] = (byte) (samples[i] + 128);
        }
        return out;
    }

    private static double psnr(byte[] expected, byte[] actual, int length) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            int d = (expected[i] & 0xff) - (actual[i] & 0xff);
            sum += d * d;
        }
        double mse = sum / length;
        return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255 * 255 / mse);
    }

    /** The luma plane of every decoded frame. */
    private List<byte[]> decodeLuma(Path file, int width, int height) throws Exception {
        // yuv420p as decoded, not gray: a conversion to gray would stretch the luma range
        Path raw = dir.resolve(file.getFileName() + ".yuv");
        Ffmpeg.Result result = Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "h264", "-i", file.toString(),
                "-f", "rawvideo", "-pix_fmt", "yuv420p", raw.toString());
        assertThat(result.exitCode()).as("ffmpeg: %s", result.stderr()).isZero();
        byte[] all = Files.readAllBytes(raw);
        int frameBytes = width * height * 3 / 2;
        List<byte[]> frames = new ArrayList<>();
        for (int at = 0; at + frameBytes <= all.length; at += frameBytes) {
            frames.add(Arrays.copyOfRange(all, at, at + width * height));
        }
        return frames;
    }

    private record SliceHeader(int firstMb, boolean intra, int deblocking) {
    }

    /** Every slice header as ffmpeg's own parser reads it ({@code -bsf:v trace_headers}), in stream order. */
    private static List<SliceHeader> traceSlices(Path file) {
        Ffmpeg.Result result = Ffmpeg.run("ffmpeg", "-nostdin", "-v", "trace", "-f", "h264", "-i", file.toString(),
                "-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-");
        assertThat(result.exitCode()).as("ffmpeg: %s", result.stderr()).isZero();
        Pattern field = Pattern.compile("\\[trace_headers @ [^]]+] \\d+\\s+(first_mb_in_slice|slice_type|"
                + "disable_deblocking_filter_idc)\\s+[01]+ = (\\d+)");
        List<SliceHeader> slices = new ArrayList<>();
        int firstMb = -1;
        int type = -1;
        for (String line : result.stderr().split("\n")) {
            Matcher m = field.matcher(line);
            if (!m.find()) {
                continue;
            }
            int value = Integer.parseInt(m.group(2));
            switch (m.group(1)) {
                case "first_mb_in_slice" -> firstMb = value;
                case "slice_type" -> type = value % 5;
                default -> slices.add(new SliceHeader(firstMb, type == 2, value));
            }
        }
        return slices;
    }
}
