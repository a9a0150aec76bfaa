package camcloud.cloud.notify;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Hours of the day in a user's own time zone when notifications are listed but not pushed. They
 * may wrap midnight ({@code 22:00} to {@code 07:00}); the start is inside, the end is not. Daylight
 * saving is handled by reading the local time of each instant in the zone.
 */
public record QuietHours(LocalTime start, LocalTime end, ZoneId zone) {

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        start = start.withSecond(0).withNano(0);
        end = end.withSecond(0).withNano(0);
        if (start.equals(end)) {
            throw new IllegalArgumentException("quiet hours must not start and end at the same time ("
                    + start + ")");
        }
    }

    public boolean contains(Instant instant) {
        LocalTime t = instant.atZone(zone).toLocalTime();
        if (start.isBefore(end)) {
            return !t.isBefore(start) && t.isBefore(end);
        }
        return !t.isBefore(start) || t.isBefore(end); // wraps midnight
    }
}
