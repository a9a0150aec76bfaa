package camcloud.device.analytics;

import java.util.Locale;

/** [{@code daynight.mode}]: switch by the light sensor, or hold day or night. */
public enum DayNightMode {
    AUTO, DAY, NIGHT;

    /** The settings form: {@code auto}, {@code day}, {@code night}. */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static DayNightMode parse(String value) {
        for (DayNightMode mode : values()) {
            if (mode.value().equalsIgnoreCase(value == null ? "" : value.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("daynight.mode must be one of auto, day, night, was '" + value + "'");
    }
}
