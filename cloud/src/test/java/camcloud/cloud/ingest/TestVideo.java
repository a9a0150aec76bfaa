package camcloud.cloud.ingest;

import camcloud.media.h264.AnnexB;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import camcloud.media.h264.NalUnitType;
import camcloud.media.testing.TestStreams;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real H.264 for recording tests: a moving pattern encoded once with JCodec (320x240, an IDR with
 * SPS and PPS in front every {@code keyInterval} frames) and replayed as often as a test needs.
 */
public final class TestVideo {

    public static final int WIDTH = 320;
    public static final int HEIGHT = 240;
    public static final int FPS = 25;
    public static final long FRAME_MICROS = 1_000_000 / FPS;

    private static final Map<String, TestVideo> CACHE = new ConcurrentHashMap<>();

    private final List<byte[]> frames;
    private final byte[] sps;
    private final byte[] pps;
    private final int keyInterval;
    private final int width;
    private final int height;

    private TestVideo(List<byte[]> frames, int keyInterval, int width, int height) {
        this.frames = frames;
        this.keyInterval = keyInterval;
        this.width = width;
        this.height = height;
        try {
            byte[] sps = null;
            byte[] pps = null;
            for (NalUnit nal : AnnexB.split(frames.get(0))) {
                if (nal.type() == NalUnitType.SPS) {
                    sps = nal.bytes();
                } else if (nal.type() == NalUnitType.PPS) {
                    pps = nal.bytes();
                }
            }
            this.sps = sps;
            this.pps = pps;
        } catch (MalformedH264Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code frames} frames (a loop a test may replay), an IDR every {@code keyInterval}. */
    public static TestVideo of(int frames, int keyInterval) {
        return of(frames, keyInterval, WIDTH, HEIGHT);
    }

    /** The same at another picture size (multiples of 16). */
    public static TestVideo of(int frames, int keyInterval, int width, int height) {
        return CACHE.computeIfAbsent(frames + "/" + keyInterval + "/" + width + "x" + height,
                k -> new TestVideo(encode(frames, keyInterval, width, height), keyInterval, width, height));
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Frame {@code i} of an endless replay of the loop. */
    public byte[] frame(long i) {
        return frames.get((int) (i % frames.size()));
    }

    public boolean keyframe(long i) {
        return (i % frames.size()) % keyInterval == 0;
    }

    public int loopFrames() {
        return frames.size();
    }

    public byte[] sps() {
        return sps;
    }

    public byte[] pps() {
        return pps;
    }

    private static List<byte[]> encode(int count, int keyInterval, int width, int height) {
        return List.copyOf(TestStreams.jcodecFrames(width, height, count, keyInterval));
    }
}
