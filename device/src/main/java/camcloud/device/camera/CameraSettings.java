package camcloud.device.camera;

import camcloud.device.analytics.DayNightMode;
import camcloud.device.analytics.DetectionSettings;
import camcloud.device.analytics.Zone;
import camcloud.device.video.ImageSettings;
import camcloud.device.video.SceneControl.Resolution;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The camera's settings, the one place that knows every key of the settings table: its parsing, its
 * range and its default. Immutable; {@link #with} checks every change before it makes a new one, so
 * one bad value leaves everything as it was. Values are kept in a normal form (trimmed, lower-case
 * booleans and choices, numbers without trailing zeros) and reported in that form.
 *
 * <p>What a key can be depends on the camera ({@link Capabilities}): {@code video.resolution} must be
 * one of its sizes, and a camera whose source has no image controls (a file, the shared loop) keeps
 * its image and video keys at the source's values.
 */
public final class CameraSettings {

    /** What this camera can do, as far as settings care. */
    public record Capabilities(List<Resolution> resolutions, ImageSettings source, boolean imageControl) {
        public Capabilities {
            resolutions = List.copyOf(resolutions);
        }

        /** {@code 1280x720,640x360,320x180}. */
        public String resolutionList() {
            return String.join(",", resolutions.stream().map(Resolution::toString).toList());
        }
    }

    public static final int MAX_FPS = 30;

    /** Every key, in the table's order. */
    public static final List<String> KEYS = List.of(
            "image.brightness", "image.contrast", "image.mirror", "image.flip",
            "video.resolution", "video.fps", "video.bitrate_kbps",
            "motion.enabled", "motion.sensitivity", "motion.min_area_percent", "motion.zones",
            "sound.enabled", "sound.threshold_dbfs",
            "daynight.mode",
            "recording.mode", "recording.pre_roll_s", "recording.post_roll_s");

    private final Map<String, String> values;

    private CameraSettings(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The table's defaults; image and video keys from the source. */
    public static CameraSettings defaults(Capabilities caps) {
        ImageSettings s = caps.source();
        Map<String, String> v = new LinkedHashMap<>();
        v.put("image.brightness", Integer.toString(s.brightness()));
        v.put("image.contrast", Integer.toString(s.contrast()));
        v.put("image.mirror", Boolean.toString(s.mirror()));
        v.put("image.flip", Boolean.toString(s.flip()));
        v.put("video.resolution", s.resolution().toString());
        v.put("video.fps", Integer.toString(s.fps()));
        v.put("video.bitrate_kbps", Integer.toString(s.bitrateKbps()));
        v.put("motion.enabled", "true");
        v.put("motion.sensitivity", "50");
        v.put("motion.min_area_percent", "1");
        v.put("motion.zones", "");
        v.put("sound.enabled", "true");
        v.put("sound.threshold_dbfs", "-30");
        v.put("daynight.mode", "auto");
        v.put("recording.mode", "continuous");
        v.put("recording.pre_roll_s", "5");
        v.put("recording.post_roll_s", "5");
        return new CameraSettings(v);
    }

    /**
     * These settings with {@code changes} applied, every key and value checked first.
     *
     * @throws IllegalArgumentException naming the first bad key, its value and what is allowed;
     *                                  nothing is changed
     */
    public CameraSettings with(Map<String, String> changes, Capabilities caps) {
        Map<String, String> next = new LinkedHashMap<>(values);
        List<String> keys = new ArrayList<>(changes.keySet());
        Collections.sort(keys); // the same bad input names the same key every time
        for (String key : keys) {
            String normal = normalize(key, changes.get(key), caps);
            if (!caps.imageControl() && (key.startsWith("image.") || key.startsWith("video.")
                    || key.equals("daynight.mode")) && !normal.equals(values.get(key))) {
                throw new IllegalArgumentException(key + " cannot be changed: this camera's video source (a file or "
                        + "the shared synthetic loop) has no image controls or night hardware; it stays "
                        + values.get(key));
            }
            next.put(key, normal);
        }
        CameraSettings result = new CameraSettings(next);
        result.image(); // the combination must make valid image settings
        return result;
    }

    /**
     * Settings as stored in the config partition, for a boot: a stored value that is no longer valid
     * (another source, a firmware with other limits) is reported to {@code warnings} and left at
     * its default rather than stopping the camera. Keys that are not settings are ignored.
     */
    public static CameraSettings fromStored(Map<String, String> stored, Capabilities caps, Consumer<String> warnings) {
        CameraSettings settings = defaults(caps);
        for (String key : KEYS) {
            String value = stored.get(key);
            if (value == null) {
                continue;
            }
            try {
                settings = settings.with(Map.of(key, value), caps);
            } catch (IllegalArgumentException e) {
                warnings.accept("stored setting ignored: " + e.getMessage());
            }
        }
        return settings;
    }

    /** Every key with its value, in the table's order. */
    public Map<String, String> asMap() {
        return values;
    }

    public String get(String key) {
        return values.get(key);
    }

    public ImageSettings image() {
        String[] size = values.get("video.resolution").split("x");
        return new ImageSettings(integer("image.brightness"), integer("image.contrast"), bool("image.mirror"),
                bool("image.flip"), new Resolution(Integer.parseInt(size[0]), Integer.parseInt(size[1])),
                integer("video.fps"), integer("video.bitrate_kbps"));
    }

    public DetectionSettings detection() {
        return new DetectionSettings(bool("motion.enabled"), integer("motion.sensitivity"),
                Double.parseDouble(values.get("motion.min_area_percent")), Zone.parseAll(values.get("motion.zones")),
                bool("sound.enabled"), Double.parseDouble(values.get("sound.threshold_dbfs")),
                DayNightMode.parse(values.get("daynight.mode")));
    }

    /** [{@code recording.mode}] true: events only. */
    public boolean recordEventsOnly() {
        return values.get("recording.mode").equals("events");
    }

    public int preRollSeconds() {
        return integer("recording.pre_roll_s");
    }

    public int postRollSeconds() {
        return integer("recording.post_roll_s");
    }

    private int integer(String key) {
        return Integer.parseInt(values.get(key));
    }

    private boolean bool(String key) {
        return Boolean.parseBoolean(values.get(key));
    }

    /** The normal form of {@code value} for {@code key}, or an exception naming both. */
    static String normalize(String key, String value, Capabilities caps) {
        if (key == null) {
            throw new IllegalArgumentException("a setting without a key");
        }
        String v = value == null ? "" : value.trim();
        return switch (key) {
            case "image.brightness", "image.contrast" -> integer(key, v, -100, 100);
            case "image.mirror", "image.flip", "motion.enabled", "sound.enabled" -> bool(key, v);
            case "video.resolution" -> resolution(v, caps);
            case "video.fps" -> integer(key, v, 1, MAX_FPS);
            case "video.bitrate_kbps" -> integer(key, v, 64, 8000);
            case "motion.sensitivity" -> integer(key, v, 1, 100);
            case "motion.min_area_percent" -> decimal(key, v, 0.1, 100);
            case "motion.zones" -> Zone.format(Zone.parseAll(v));
            case "sound.threshold_dbfs" -> decimal(key, v, -90, 0);
            case "daynight.mode" -> choice(key, v, "auto", "day", "night");
            case "recording.mode" -> choice(key, v, "continuous", "events");
            case "recording.pre_roll_s" -> integer(key, v, 0, 10);
            case "recording.post_roll_s" -> integer(key, v, 0, 60);
            default -> throw new IllegalArgumentException("unknown setting '" + key + "'; known: "
                    + String.join(", ", KEYS));
        };
    }

    private static String integer(String key, String v, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number in [" + min + ", " + max + "], was '"
                    + v + "'");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException(key + " must be in [" + min + ", " + max + "], was " + n);
        }
        return Integer.toString(n);
    }

    private static String decimal(String key, String v, double min, double max) {
        BigDecimal n;
        try {
            n = new BigDecimal(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number in [" + plain(min) + ", " + plain(max)
                    + "], was '" + v + "'");
        }
        if (n.doubleValue() < min || n.doubleValue() > max) {
            throw new IllegalArgumentException(key + " must be in [" + plain(min) + ", " + plain(max) + "], was "
                    + n.toPlainString());
        }
        return n.stripTrailingZeros().toPlainString();
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    private static String bool(String key, String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException(key + " must be true or false, was '" + v + "'");
        }
        return lower;
    }

    private static String choice(String key, String v, String... allowed) {
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        throw new IllegalArgumentException(key + " must be one of " + String.join(", ", allowed) + ", was '" + v
                + "'");
    }

    private static String resolution(String v, Capabilities caps) {
        for (Resolution r : caps.resolutions()) {
            if (r.toString().equalsIgnoreCase(v)) {
                return r.toString();
            }
        }
        throw new IllegalArgumentException("video.resolution " + v + " is not one of "
                + String.join(", ", caps.resolutions().stream().map(Resolution::toString).toList()));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CameraSettings other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
