package camcloud.device.uplink;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The camera's recording settings as they travel (ApplySettings, the config partition, status):
 * {@code recording.mode} (continuous/events), {@code recording.pre_roll_s} (0..10, default 5) and
 * {@code recording.post_roll_s} (0..60, default 5), all strings. {@link #problem} checks one value
 * before anything changes; {@link #apply} hands the set to the uplink.
 *
 * <pre>{@code
 * CloudAgent agent = new CloudAgent(...);
 * RecordingSettings.apply(agent.uplink(), config.settings());   // before agent.start(): no unit goes out in the wrong mode
 * agent.start();
 * }</pre>
 */
public final class RecordingSettings {

    public static final String MODE = "recording.mode";
    public static final String PRE_ROLL = "recording.pre_roll_s";
    public static final String POST_ROLL = "recording.post_roll_s";
    public static final Set<String> KEYS = Set.of(MODE, PRE_ROLL, POST_ROLL);

    private RecordingSettings() {
    }

    /** Why {@code value} is not allowed for {@code key} (naming both and the allowed range), or empty. */
    public static Optional<String> problem(String key, String value) {
        try {
            switch (key) {
                case MODE -> RecordingMode.parse(value);
                case PRE_ROLL -> seconds(PRE_ROLL, value, RecordingGate.MAX_PRE_ROLL);
                case POST_ROLL -> seconds(POST_ROLL, value, RecordingGate.MAX_POST_ROLL);
                default -> throw new IllegalArgumentException(key + " is not a recording setting");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * Applies the recording keys of {@code settings} (absent ones: their defaults) to {@code uplink}
     * (nothing for a camera without video). Throws, changing nothing, on a bad value.
     */
    public static void apply(MediaUplink uplink, Map<String, String> settings) {
        RecordingMode mode = RecordingMode.parse(settings.getOrDefault(MODE, RecordingMode.CONTINUOUS.value()));
        Duration pre = seconds(PRE_ROLL, settings.getOrDefault(PRE_ROLL, "5"), RecordingGate.MAX_PRE_ROLL);
        Duration post = seconds(POST_ROLL, settings.getOrDefault(POST_ROLL, "5"), RecordingGate.MAX_POST_ROLL);
        if (uplink != null) {
            uplink.recordingMode(mode, pre, post);
        }
    }

    private static Duration seconds(String key, String value, Duration max) {
        long s;
        try {
            s = Long.parseLong(value.strip());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(key + " " + value + " is not a whole number of seconds in 0.."
                    + max.toSeconds());
        }
        if (s < 0 || s > max.toSeconds()) {
            throw new IllegalArgumentException(key + " " + value + " is not in 0.." + max.toSeconds());
        }
        return Duration.ofSeconds(s);
    }
}
