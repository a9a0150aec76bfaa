package camcloud.cloud.api;

import camcloud.cloud.archive.TimeRange;
import camcloud.cloud.event.EventStore;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The filters of an event list, from its query parameters: {@code type} (comma-separated),
 * {@code from} and {@code to} (ISO-8601 with offset, as the archive takes them; the event's start),
 * {@code limit} (1 to {@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}) and {@code before} (the
 * {@code next} cursor of the previous page). A bad one is a 400 that names it.
 */
record EventQuery(Set<String> types, long fromMicros, long toMicros, int limit, EventStore.Cursor before) {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final int MAX_TYPES = 8;
    private static final Pattern TYPE = Pattern.compile("[a-z0-9_.-]{1,32}");
    private static final Instant EARLIEST = TimeRange.FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toInstant();
    private static final Instant END = TimeRange.LAST_DAY.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();

    static EventQuery of(Context ctx) {
        Set<String> types = new LinkedHashSet<>();
        String typeParam = ctx.queryParam("type");
        if (typeParam != null && !typeParam.isBlank()) {
            for (String t : typeParam.split(",", -1)) {
                String type = t.strip();
                if (!TYPE.matcher(type).matches()) {
                    throw ApiError.badRequest("'type' must be event types separated by commas (e.g. motion,sound)");
                }
                types.add(type);
            }
            if (types.size() > MAX_TYPES) {
                throw ApiError.badRequest("'type' names at most " + MAX_TYPES + " types");
            }
        }
        long from = micros("from", ctx.queryParam("from"), Long.MIN_VALUE);
        long to = micros("to", ctx.queryParam("to"), Long.MAX_VALUE);
        if (from >= to) {
            throw ApiError.badRequest("'from' must be before 'to'");
        }
        return new EventQuery(types, from, to, limit(ctx.queryParam("limit")), cursor(ctx.queryParam("before")));
    }

    private static long micros(String name, String value, long absent) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        if (value.length() > 64) {
            throw ApiError.badRequest("'" + name + "' is too long");
        }
        Instant t;
        try {
            t = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeException e) {
            throw ApiError.badRequest("'" + name + "' is not an ISO-8601 time with offset (e.g. 2026-11-23T10:00:00Z)");
        }
        if (t.isBefore(EARLIEST) || !t.isBefore(END)) {
            throw ApiError.badRequest("'" + name + "' must be between " + EARLIEST + " and " + END.minusSeconds(1)
                    + " (UTC)");
        }
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(value.length() > 9 ? "x" : value);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiError.badRequest("'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static EventStore.Cursor cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.length() > 64) {
                throw new IllegalArgumentException("too long");
            }
            String[] parts = new String(Base64.getUrlDecoder().decode(value), StandardCharsets.US_ASCII).split("\\.");
            if (parts.length != 2) {
                throw new IllegalArgumentException("not two parts");
            }
            return new EventStore.Cursor(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'before' is not a cursor this API gave (use the 'next' of a page)");
        }
    }

    /** The cursor that continues after {@code last}, as {@code next} in a page. */
    static String cursorAfter(EventStore.Row last) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (last.startMicros() + "." + last.rowId()).getBytes(StandardCharsets.US_ASCII));
    }
}
