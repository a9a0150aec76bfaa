package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.archive.TimeRange;
import camcloud.cloud.archive.Timeline;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.recording.SegmentIndex;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/cameras/{serial}/timeline?day=YYYY-MM-DD&tz=Area/City}: the recorded ranges and
 * the gaps of one camera on one day of a time zone (UTC when {@code tz} is absent), as far as the
 * caller may see them (their ownerships of the camera; a viewer, the current owner's).
 * Times are ISO-8601 with the zone's offset on that instant, e.g. {@code 2026-11-23T08:00:00+01:00}.
 */
final class TimelineRoute {

    private final SegmentIndex index;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;

    TimelineRoute(VideoServices video, CameraAccessCheck access, SignedIn signedIn) {
        this.index = video.segments();
        this.access = access;
        this.signedIn = signedIn;
    }

    void addTo(Javalin app) {
        app.get("/api/cameras/{serial}/timeline", this::timeline);
    }

    private void timeline(Context ctx) {
        User user = signedIn.require(ctx);
        CameraAccess camera = access.any(user, ctx);
        String serial = camera.serial();
        LocalDate day = day(ctx.queryParam("day"));
        ZoneId zone = zone(ctx.queryParam("tz"));
        TimeRange bounds = Timeline.day(day, zone);
        Timeline t = Timeline.of(bounds, camera.visible(index.segments(serial, bounds.fromMicros(), bounds.toMicros())),
                camera.visibleGaps(index.gaps(serial, bounds.fromMicros(), bounds.toMicros())));
        DateTimeFormatter iso = DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(zone);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("serial", serial);
        body.put("day", day.toString());
        body.put("tz", zone.getId());
        body.put("from", iso.format(t.from()));
        body.put("to", iso.format(t.to()));
        body.put("ranges", t.ranges().stream().map(r -> Map.of("from", iso.format(r.from()),
                "to", iso.format(r.to()), "segments", r.segments(), "kind", r.kind().json())).toList());
        body.put("gaps", t.gaps().stream().map(g -> Map.of("from", iso.format(g.from()), "to", iso.format(g.to()),
                "reason", g.reason())).toList());
        ctx.json(body);
    }

    private static LocalDate day(String value) {
        if (value == null || value.isBlank()) {
            throw ApiError.badRequest("'day' is required (YYYY-MM-DD)");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(value.length() > 20 ? value.substring(0, 20) : value);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("'day' is not a date (YYYY-MM-DD)");
        }
        // far-off days (-999999999-01-01) have no next day and overflow the index's microseconds
        if (day.isBefore(TimeRange.FIRST_DAY) || day.isAfter(TimeRange.LAST_DAY)) {
            throw ApiError.badRequest("'day' must be between " + TimeRange.FIRST_DAY + " and " + TimeRange.LAST_DAY);
        }
        return day;
    }

    private static ZoneId zone(String value) {
        if (value == null || value.isBlank()) {
            return ZoneId.of("UTC");
        }
        try {
            if (value.length() > 64) {
                throw new DateTimeException("too long");
            }
            return ZoneId.of(value);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("'tz' is not a time zone (e.g. Europe/Paris or UTC)");
        }
    }
}
