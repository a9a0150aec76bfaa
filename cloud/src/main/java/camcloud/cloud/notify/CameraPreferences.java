package camcloud.cloud.notify;

/**
 * What one user wants to be told about one camera. {@code offline} covers both "offline" and "back
 * online".
 */
public record CameraPreferences(boolean offline, boolean motion, boolean sound, boolean dayNight) {

    /** A camera nobody chose for yet: offline and motion, not sound or day/night (they come often). */
    public static final CameraPreferences DEFAULTS = new CameraPreferences(true, true, false, false);

    /** Whether a notification of {@code kind} ({@link NotificationKind}) is wanted. */
    public boolean wants(NotificationKind kind) {
        return switch (kind) {
            case OFFLINE, ONLINE -> offline;
            case MOTION -> motion;
            case SOUND -> sound;
            case DAY_NIGHT -> dayNight;
        };
    }
}
