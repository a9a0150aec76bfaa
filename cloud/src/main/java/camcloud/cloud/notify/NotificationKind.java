package camcloud.cloud.notify;

import java.util.Locale;
import java.util.Optional;

/** What a notification tells of; {@link #wire()} is its name in the API. */
public enum NotificationKind {
    OFFLINE, ONLINE, MOTION, SOUND, DAY_NIGHT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind of an event type ({@code motion}, {@code sound}, {@code day_night}); empty for others. */
    public static Optional<NotificationKind> ofEventType(String type) {
        return switch (type) {
            case "motion" -> Optional.of(MOTION);
            case "sound" -> Optional.of(SOUND);
            case "day_night" -> Optional.of(DAY_NIGHT);
            default -> Optional.empty();
        };
    }
}
