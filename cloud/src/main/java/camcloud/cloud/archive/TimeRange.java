package camcloud.cloud.archive;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * A requested archive range {@code [from, to)} from two ISO-8601 query parameters
 * ({@code 2026-11-23T10:00:00Z} or with an offset, {@code 2026-11-23T11:00:00+01:00}). Bad input
 * is an {@link IllegalArgumentException} whose message names the parameter and what was wrong
 * (the HTTP layer answers 400 with it).
 *
 * <p>Times from outside are taken only between {@link #FIRST_DAY} and {@link #LAST_DAY}: nothing was
 * recorded before 1970 or after 9999, and a time far outside — {@code +300000-01-01T00:00:00Z}, which
 * {@link OffsetDateTime} reads happily — would overflow the index's microseconds.
 */
public record TimeRange(Instant from, Instant to) {

    /** The first day a time from outside may fall on. */
    public static final LocalDate FIRST_DAY = LocalDate.of(1970, 1, 1);
    /** The last day a time from outside may fall on. */
    public static final LocalDate LAST_DAY = LocalDate.of(9999, 12, 31);
    private static final Instant EARLIEST = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant END = LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    public TimeRange {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("'from' (" + from + ") must be before 'to' (" + to + ")");
        }
    }

    /** Parses and checks a range no longer than {@code longest}. */
    public static TimeRange parse(String from, String to, Duration longest) {
        TimeRange range = new TimeRange(instant("from", from), instant("to", to));
        if (range.duration().compareTo(longest) > 0) {
            throw new IllegalArgumentException("range is " + range.duration().toMinutes() + " minutes; at most "
                    + longest.toHours() + " hours per request");
        }
        return range;
    }

    static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("'" + name + "' is required (ISO-8601, e.g. 2026-11-23T10:00:00Z)");
        }
        if (value.length() > 64) {
            throw new IllegalArgumentException("'" + name + "' is too long");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("'" + name + "' is not an ISO-8601 time with offset "
                    + "(e.g. 2026-11-23T10:00:00Z)");
        }
        if (t.isBefore(EARLIEST) || !t.isBefore(END)) {
            throw new IllegalArgumentException("'" + name + "' must be between " + EARLIEST + " and "
                    + END.minusSeconds(1) + " (UTC)");
        }
        return t;
    }

    public Duration duration() {
        return Duration.between(from, to);
    }

    public long fromMicros() {
        return micros(from);
    }

    public long toMicros() {
        return micros(to);
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
    }

    static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }
}
