package camcloud.cloud.control;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The camera settings an owner may change, and the shape and range of each value: the one place the
 * cloud checks them before an {@code ApplySettings} goes out. A bad key or value is an
 * {@link InvalidSetting} naming the key, and nothing is sent. The camera checks every value again
 * against what it can do (its resolutions, its PTZ limits) and rejects what it cannot.
 *
 * <p>Values travel as strings; {@link #check} returns them normalised (booleans in lower case,
 * numbers as given). Each key belongs to a camera capability: a camera that did not announce it in
 * its Hello is not sent the key ({@link #capabilityOf}).
 */
public final class SettingKeys {

    /** Picture and encoder: brightness, contrast, mirror/flip, resolution, fps, bitrate; day/night. */
    public static final String IMAGE = "image.v1";
    /** Motion and sound detection. */
    public static final String EVENTS = "events.v1";
    /** Continuous or events-only recording with pre- and post-roll. */
    public static final String EVENT_RECORDING = "event_recording.v1";
    /** Pan/tilt head and presets. */
    public static final String PTZ = "ptz.v1";

    private static final int MAX_VALUE_LENGTH = 2048;
    private static final Pattern WHOLE = Pattern.compile("-?\\d{1,9}");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d{1,9}(\\.\\d{1,6})?");
    private static final Pattern RESOLUTION = Pattern.compile("(\\d{2,5})x(\\d{2,5})");

    /** One key: its capability, its default (null: the camera's own, e.g. its source's resolution) and its check. */
    private record Key(String capability, String defaultValue, UnaryOperator<String> check) {
    }

    private static final Map<String, Key> KEYS;

    static {
        Map<String, Key> k = new LinkedHashMap<>();
        k.put("image.brightness", new Key(IMAGE, "0", whole(-100, 100)));
        k.put("image.contrast", new Key(IMAGE, "0", whole(-100, 100)));
        k.put("image.mirror", new Key(IMAGE, "false", SettingKeys::bool));
        k.put("image.flip", new Key(IMAGE, "false", SettingKeys::bool));
        k.put("video.resolution", new Key(IMAGE, null, SettingKeys::resolution));
        k.put("video.fps", new Key(IMAGE, null, whole(1, 30)));
        k.put("video.bitrate_kbps", new Key(IMAGE, null, whole(64, 8000)));
        k.put("motion.enabled", new Key(EVENTS, "true", SettingKeys::bool));
        k.put("motion.sensitivity", new Key(EVENTS, "50", whole(1, 100)));
        k.put("motion.min_area_percent", new Key(EVENTS, "1", decimal("0.1", "100")));
        k.put("motion.zones", new Key(EVENTS, "", SettingKeys::zones));
        k.put("sound.enabled", new Key(EVENTS, "true", SettingKeys::bool));
        k.put("sound.threshold_dbfs", new Key(EVENTS, "-30", decimal("-90", "0")));
        k.put("daynight.mode", new Key(IMAGE, "auto", oneOf("auto", "day", "night")));
        k.put("recording.mode", new Key(EVENT_RECORDING, "continuous", oneOf("continuous", "events")));
        k.put("recording.pre_roll_s", new Key(EVENT_RECORDING, "5", whole(0, 10)));
        k.put("recording.post_roll_s", new Key(EVENT_RECORDING, "5", whole(0, 60)));
        KEYS = Collections.unmodifiableMap(k);
    }

    private SettingKeys() {
    }

    /** Every key, in the order of the documentation. */
    public static Set<String> names() {
        return KEYS.keySet();
    }

    public static boolean known(String key) {
        return KEYS.containsKey(key);
    }

    /** The capability a camera must have announced to be sent {@code key}. */
    public static String capabilityOf(String key) {
        Key k = KEYS.get(key);
        if (k == null) {
            throw new IllegalArgumentException("unknown setting " + key);
        }
        return k.capability();
    }

    /** The documented default of {@code key}; empty when it is the camera's own (its source's resolution, fps, bitrate). */
    public static Optional<String> defaultOf(String key) {
        Key k = KEYS.get(key);
        return k == null ? Optional.empty() : Optional.ofNullable(k.defaultValue());
    }

    /**
     * Checks every key and value of {@code settings} and returns them normalised, in the given order;
     * the first bad one throws {@link InvalidSetting}.
     */
    public static Map<String, String> check(Map<String, String> settings) {
        if (settings.isEmpty()) {
            throw new InvalidSetting("no settings given; known settings: " + String.join(", ", names()));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String key = e.getKey();
            Key k = KEYS.get(key);
            if (k == null) {
                throw new InvalidSetting("unknown setting '" + printable(key) + "'; known settings: "
                        + String.join(", ", names()));
            }
            String value = e.getValue();
            if (value == null) {
                throw new InvalidSetting(key + " needs a value");
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                throw new InvalidSetting(key + " is longer than " + MAX_VALUE_LENGTH + " characters");
            }
            try {
                out.put(key, k.check().apply(value.strip()));
            } catch (IllegalArgumentException bad) {
                // "is not …" reads after the value; a zone list's own message names the zone instead
                throw new InvalidSetting(bad.getMessage().startsWith("is ")
                        ? key + " '" + printable(value) + "' " + bad.getMessage()
                        : key + ": " + bad.getMessage());
            }
        }
        return out;
    }

    /** The capabilities {@code keys} need, in key order, each once. */
    public static List<String> capabilitiesFor(Set<String> keys) {
        return keys.stream().map(SettingKeys::capabilityOf).distinct().toList();
    }

    // ---- value checks: return the normalised value or throw IllegalArgumentException("is not …") ----

    private static UnaryOperator<String> whole(int min, int max) {
        return v -> {
            if (!WHOLE.matcher(v).matches()) {
                throw new IllegalArgumentException("is not a whole number (" + min + " to " + max + ")");
            }
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException("is out of range: " + min + " to " + max);
            }
            return Long.toString(n);
        };
    }

    private static UnaryOperator<String> decimal(String min, String max) {
        BigDecimal lo = new BigDecimal(min);
        BigDecimal hi = new BigDecimal(max);
        return v -> {
            if (!DECIMAL.matcher(v).matches()) {
                throw new IllegalArgumentException("is not a number (" + min + " to " + max + ")");
            }
            BigDecimal n = new BigDecimal(v);
            if (n.compareTo(lo) < 0 || n.compareTo(hi) > 0) {
                throw new IllegalArgumentException("is out of range: " + min + " to " + max);
            }
            return n.stripTrailingZeros().toPlainString();
        };
    }

    private static String bool(String v) {
        String lower = v.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
            throw new IllegalArgumentException("is not true or false");
        }
        return lower;
    }

    private static UnaryOperator<String> oneOf(String... allowed) {
        List<String> list = List.of(allowed);
        return v -> {
            String lower = v.toLowerCase(Locale.ROOT);
            if (!list.contains(lower)) {
                throw new IllegalArgumentException("is not one of " + String.join(", ", list));
            }
            return lower;
        };
    }

    private static String resolution(String v) {
        var m = RESOLUTION.matcher(v.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("is not WIDTHxHEIGHT (e.g. 1280x720)");
        }
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        if (w < 16 || h < 16 || w > 7680 || h > 4320) {
            throw new IllegalArgumentException("is not a picture size a camera makes (16x16 to 7680x4320)");
        }
        return w + "x" + h;
    }

    private static String zones(String v) {
        MotionZones.parse(v);
        return v;
    }

    /** A key or value as it may appear in an error message: short, no control characters. */
    static String printable(String s) {
        String cut = s.length() > 60 ? s.substring(0, 60) + "…" : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
