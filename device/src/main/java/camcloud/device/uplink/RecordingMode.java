package camcloud.device.uplink;

import java.util.Locale;

/** What the camera uploads for recording (setting {@code recording.mode}). */
public enum RecordingMode {
    /** Everything, all the time. */
    CONTINUOUS,
    /** Only event clips: pre-roll, the event, post-roll; the rest only while somebody watches live. */
    EVENTS;

    /** The setting's value ({@code continuous}, {@code events}). */
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the setting's value; a clear error names the allowed ones. */
    public static RecordingMode parse(String value) {
        for (RecordingMode m : values()) {
            if (m.value().equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("recording.mode " + value + " is not one of continuous, events");
    }
}
