package camcloud.device.video;

/**
 * What a synthetic camera produces. Validated on construction: a bad value fails with a message that
 * names the setting and the value, never silently repaired.
 *
 * <p>What the encoder makes of them (JCodec's H.264 encoder is Baseline profile, I and P slices only,
 * no B-frames, and has no rate control of its own beyond a per-macroblock cap):
 * <ul>
 *   <li>{@code width}, {@code height}: exact picture size (even numbers; non-multiples of 16 are
 *       cropped in the SPS, so 640x360 decodes as 640x360);</li>
 *   <li>{@code fps}: the pace of {@link SyntheticVideoSource#next()} and the scene's motion per frame;</li>
 *   <li>{@code bitrateKbps}: a <em>target average</em> over the loop, reached by choosing each picture's
 *       QP from how far the bits spent so far are from the budget (see {@link FrameBudgetRateControl}).
 *       It is not CBR: an IDR is several times larger than a P-frame, and the loop is encoded once, so
 *       the achieved average ({@link EncodedLoop#averageBitrateKbps()}) is what the camera sends.
 *       JCodec codes every macroblock of a P-frame (it has no skip macroblocks), and QP is capped at
 *       {@value FrameBudgetRateControl#MAX_QP} to keep the picture watchable, so there is a floor of
 *       roughly 6 bytes per macroblock per frame (about 850 kbit/s at 640x360/15 fps, 4.5-5 Mbit/s at
 *       720p/25): below it the target is not reached and a warning is logged;</li>
 *   <li>{@code gopFrames}: an IDR every {@code gopFrames} frames, exactly;</li>
 *   <li>{@code loopSeconds}: length of the encoded loop that is replayed, rounded up to whole GOPs so
 *       the replay always restarts on an IDR.</li>
 * </ul>
 */
public record SceneSettings(int width, int height, int fps, int bitrateKbps, int gopFrames, int loopSeconds) {

    public SceneSettings {
        requireEven("width", width, 64, 3840);
        requireEven("height", height, 64, 2160);
        require("fps", fps, 1, 60);
        require("bitrateKbps", bitrateKbps, 16, 50_000);
        require("gopFrames", gopFrames, 1, 600);
        require("loopSeconds", loopSeconds, 1, 300);
    }

    /**
     * 1280x720, 25 fps, 4.5 Mbit/s, an IDR every 2 s, a 4 s loop: a cheap camera's main stream (a real
     * one would use about half the rate; 4.5 Mbit/s is JCodec's floor at this size). Encoding the loop
     * takes about 8 s of one core, once per process.
     */
    public static SceneSettings hd720() {
        return new SceneSettings(1280, 720, 25, 4500, 50, 4);
    }

    /** 640x360, 15 fps, 800 kbit/s, an IDR every 2 s, a 4 s loop: a sub-stream; about 2 s to encode. */
    public static SceneSettings sd360() {
        return new SceneSettings(640, 360, 15, 800, 30, 4);
    }

    /** Frames in the encoded loop: {@code loopSeconds * fps} rounded up to whole GOPs. */
    public int loopFrames() {
        int frames = loopSeconds * fps;
        return (frames + gopFrames - 1) / gopFrames * gopFrames;
    }

    private static void require(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException("scene " + name + " must be in [" + min + ", " + max + "], was " + value);
        }
    }

    private static void requireEven(String name, int value, int min, int max) {
        require(name, value, min, max);
        if ((value & 1) != 0) {
            throw new IllegalArgumentException("scene " + name + " must be even (4:2:0 chroma), was " + value);
        }
    }
}
