package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.device.Device;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.notify.CameraPreferences;
import camcloud.cloud.notify.NotificationList;
import camcloud.cloud.notify.NotificationPreferences;
import camcloud.cloud.notify.QuietHours;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a user is told and when, and what they were told:
 *
 * <ul>
 *   <li>{@code GET /api/me/notifications}: quiet hours (or null) and the choices for each camera they own;</li>
 *   <li>{@code PUT /api/me/notifications/quiet-hours} {@code {"start": "22:00", "end": "07:00",
 *       "timeZone": "Europe/Berlin"}} (may wrap midnight), {@code DELETE} to clear them;</li>
 *   <li>{@code PUT /api/cameras/{serial}/notifications} {@code {"offline", "motion", "sound",
 *       "dayNight"}}, all four booleans (owner only: notifications go to the owner);</li>
 *   <li>{@code GET /api/notifications?limit=N}: the latest notifications, newest first.</li>
 * </ul>
 */
final class NotificationRoutes {

    private static final Set<String> QUIET_FIELDS = Set.of("start", "end", "timeZone");
    private static final Set<String> CAMERA_FIELDS = Set.of("offline", "motion", "sound", "dayNight");
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");
    static final int DEFAULT_LIMIT = 50;

    private final NotificationPreferences preferences;
    private final NotificationList list;
    private final DeviceStore devices;
    private final SignedIn signedIn;
    private final CameraAccessCheck access;
    private final int maxBodyBytes;

    NotificationRoutes(NotificationPreferences preferences, NotificationList list, DeviceStore devices,
                       SignedIn signedIn, CameraAccessCheck access, int maxBodyBytes) {
        this.preferences = preferences;
        this.list = list;
        this.devices = devices;
        this.signedIn = signedIn;
        this.access = access;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/me/notifications", this::settings);
        app.put("/api/me/notifications/quiet-hours", this::setQuietHours);
        app.delete("/api/me/notifications/quiet-hours", this::clearQuietHours);
        app.put("/api/cameras/{serial}/notifications", this::setCamera);
        app.get("/api/notifications", this::latest);
    }

    private void settings(Context ctx) {
        User user = signedIn.require(ctx);
        List<String> serials = devices.ownedBy(user.id()).stream().map(Device::serial).toList();
        Map<String, CameraPreferences> chosen = preferences.of(user.id(), serials);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("quietHours", preferences.quietHours(user.id()).map(NotificationRoutes::view).orElse(null));
        body.put("cameras", serials.stream().map(s -> view(s, chosen.get(s))).toList());
        ctx.json(body);
    }

    private void setQuietHours(Context ctx) {
        User user = signedIn.require(ctx);
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, QUIET_FIELDS);
        LocalTime start = time(body.requiredString("start", 5), "start");
        LocalTime end = time(body.requiredString("end", 5), "end");
        String zoneName = body.requiredString("timeZone", 64);
        ZoneId zone;
        try {
            zone = ZoneId.of(zoneName);
        } catch (DateTimeException e) {
            throw ApiError.badRequest("field 'timeZone' must be an IANA time zone such as Europe/Berlin");
        }
        QuietHours hours;
        try {
            hours = new QuietHours(start, end, zone);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        preferences.setQuietHours(user.id(), hours);
        ctx.json(view(hours));
    }

    private void clearQuietHours(Context ctx) {
        User user = signedIn.require(ctx);
        preferences.clearQuietHours(user.id());
        ctx.status(204);
    }

    private void setCamera(Context ctx) {
        User user = signedIn.require(ctx);
        String serial = access.manage(user, ctx).serial();
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, CAMERA_FIELDS);
        CameraPreferences prefs = new CameraPreferences(body.requiredBoolean("offline"), body.requiredBoolean("motion"),
                body.requiredBoolean("sound"), body.requiredBoolean("dayNight"));
        preferences.set(user.id(), serial, prefs);
        ctx.json(view(serial, prefs));
    }

    private void latest(Context ctx) {
        User user = signedIn.require(ctx);
        int limit = limit(ctx.queryParam("limit"), list.perUser());
        ctx.json(Map.of("notifications", list.latest(user.id(), limit)));
    }

    /** {@code ?limit=N}: 1 to {@code max}, {@link #DEFAULT_LIMIT} when absent. */
    static int limit(String value, int max) {
        if (value == null || value.isEmpty()) {
            return Math.min(DEFAULT_LIMIT, max);
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiError.badRequest("limit must be a whole number from 1 to " + max);
    }

    private static LocalTime time(String value, String field) {
        try {
            return LocalTime.parse(value.strip(), HH_MM);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest("field '" + field + "' must be a time of day as HH:mm (00:00 to 23:59)");
        }
    }

    private static Map<String, Object> view(QuietHours hours) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("start", hours.start().format(HH_MM));
        m.put("end", hours.end().format(HH_MM));
        m.put("timeZone", hours.zone().getId());
        return m;
    }

    private static Map<String, Object> view(String serial, CameraPreferences p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("serial", serial);
        m.put("offline", p.offline());
        m.put("motion", p.motion());
        m.put("sound", p.sound());
        m.put("dayNight", p.dayNight());
        return m;
    }
}
