package camcloud.media.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jcodec.codecs.h264.H264Encoder;
import org.jcodec.common.VideoEncoder;
import org.jcodec.common.model.ColorSpace;
import org.jcodec.common.model.Picture;

/** Real H.264 for tests: JCodec-encoded moving pictures, and streams made by ffmpeg's libx264. */
public final class TestStreams {

    private TestStreams() {
    }

    /**
     * {@code frames} Annex B access units of a moving gradient, an IDR every {@code keyInterval}
     * frames (JCodec writes SPS and PPS before each IDR).
     */
    public static List<byte[]> jcodecFrames(int width, int height, int frames, int keyInterval) {
        H264Encoder encoder = H264Encoder.createH264Encoder();
        encoder.setKeyInterval(keyInterval);
        Picture picture = Picture.create(width, height, ColorSpace.YUV420J);
        List<byte[]> result = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.allocate(width * height * 4);
        for (int f = 0; f < frames; f++) {
            paint(picture, f);
            buffer.clear();
            VideoEncoder.EncodedFrame encoded = encoder.encodeFrame(picture, buffer);
            ByteBuffer data = encoded.getData();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            result.add(bytes);
        }
        return result;
    }

    /** All frames concatenated into one elementary stream. */
    public static byte[] concat(List<byte[]> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(out::writeBytes);
        return out.toByteArray();
    }

    /**
     * Runs ffmpeg's libx264 on a test pattern and returns the Annex B stream; {@code x264Params}
     * e.g. {@code slices=4:aud=1}. Call {@link Ffmpeg#assumeAvailable()} first.
     */
    public static byte[] x264(Path dir, String size, int fps, double seconds, String profile, String x264Params)
            throws java.io.IOException {
        return x264(dir, size, fps, seconds, profile, x264Params, "yuv420p");
    }

    /** As above with a pixel format, e.g. {@code yuv422p} with profile {@code high422}. */
    public static byte[] x264(Path dir, String size, int fps, double seconds, String profile, String x264Params,
                              String pixelFormat) throws java.io.IOException {
        Path out = dir.resolve("x264-" + profile + "-" + pixelFormat + "-"
                + x264Params.replace(':', '_').replace('=', '-') + ".h264");
        Ffmpeg.Result result = Ffmpeg.run("ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                "testsrc=size=" + size + ":rate=" + fps, "-t", Double.toString(seconds), "-c:v", "libx264",
                "-profile:v", profile, "-pix_fmt", pixelFormat, "-x264-params", x264Params, "-f", "h264", out.toString());
        if (result.exitCode() != 0) {
            throw new AssertionError("ffmpeg could not make a test stream: " + result.stderr());
        }
        return Files.readAllBytes(out);
    }

    private static void paint(Picture picture, int frame) {
        byte[] y = picture.getPlaneData(0);
        int w = picture.getWidth();
        int h = picture.getHeight();
        for (int row = 0; row < h; row++) {
            for (int col = 0; col < w; col++) {
                int square = ((col + frame * 4) / 32 + row / 32) % 2 == 0 ? 60 : -60;
                y[row * w + col] = (byte) (((col + row + frame * 3) % 200) - 100 + square / 2);
            }
        }
        byte[] u = picture.getPlaneData(1);
        byte[] v = picture.getPlaneData(2);
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) ((i + frame) % 64 - 32);
            v[i] = (byte) (32 - (i / 7 + frame) % 64);
        }
    }
}
