package camcloud.device.video;

/**
 * The image settings the video application applies (settings keys in brackets, as the cloud sends
 * them in ApplySettings). Validated on construction with a message naming the key and the value.
 *
 * @param brightness  [{@code image.brightness}] -100 .. 100, 0 neutral
 * @param contrast    [{@code image.contrast}] -100 .. 100, 0 neutral
 * @param mirror      [{@code image.mirror}] flip left-right
 * @param flip        [{@code image.flip}] flip upside down (a ceiling mount)
 * @param resolution  [{@code video.resolution}] {@code WIDTHxHEIGHT}, one the camera offers
 * @param fps         [{@code video.fps}] 1 .. 30
 * @param bitrateKbps [{@code video.bitrate_kbps}] 64 .. 8000, the encoder's target
 */
public record ImageSettings(int brightness, int contrast, boolean mirror, boolean flip,
                            SceneControl.Resolution resolution, int fps, int bitrateKbps) {

    public ImageSettings {
        require("image.brightness", brightness, -100, 100);
        require("image.contrast", contrast, -100, 100);
        require("video.fps", fps, 1, 30);
        require("video.bitrate_kbps", bitrateKbps, 64, 8000);
        if (resolution == null) {
            throw new IllegalArgumentException("video.resolution must be set");
        }
    }

    private static void require(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], was " + value);
        }
    }
}
