package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.event.EventJson;
import camcloud.cloud.event.EventService;
import camcloud.cloud.event.EventStore;
import camcloud.cloud.ownership.CameraAccess;
import camcloud.cloud.ownership.VideoWindow;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Events as the caller may see them — only those that started inside their video windows of the
 * camera (their ownerships; a viewer, the current owner's: see {@code ownership.CameraAccess}), so a
 * second-hand camera's earlier events are not its new owner's:
 * <ul>
 *   <li>{@code GET /api/events?camera=&type=&from=&to=&limit=&before=}: across every camera the caller
 *       may see, newest first, a page at a time ({@link EventQuery});</li>
 *   <li>{@code GET /api/cameras/{serial}/events?...}: the same for one camera;</li>
 *   <li>{@code GET /api/events/{id}} and {@code GET /api/events/{id}/snapshot.jpg}.</li>
 * </ul>
 * An event the caller may not see is "unknown event", like one that does not exist.
 */
final class EventRoutes {

    private static final Pattern EVENT_ID = Pattern.compile("[0-9a-f]{1,64}");

    private final EventService events;
    private final CameraAccessCheck access;
    private final SignedIn signedIn;

    EventRoutes(EventService events, CameraAccessCheck access, SignedIn signedIn) {
        this.events = events;
        this.access = access;
        this.signedIn = signedIn;
    }

    void addTo(Javalin app) {
        app.get("/api/events", this::listAll);
        app.get("/api/cameras/{serial}/events", this::listCamera);
        app.get("/api/events/{id}", this::one);
        app.get("/api/events/{id}/snapshot.jpg", this::snapshot);
    }

    private void listAll(Context ctx) {
        User user = signedIn.require(ctx);
        EventQuery query = EventQuery.of(ctx);
        List<CameraAccess> cameras = access.control().cameras(user.id());
        String only = ctx.queryParam("camera");
        if (only != null && !only.isBlank()) {
            cameras = cameras.stream().filter(a -> a.serial().equals(only)).toList();
            if (cameras.isEmpty()) {
                throw ApiError.unknownCamera();
            }
        }
        ctx.json(page(cameras, query));
    }

    private void listCamera(Context ctx) {
        User user = signedIn.require(ctx);
        CameraAccess camera = access.any(user, ctx);
        ctx.json(page(List.of(camera), EventQuery.of(ctx)));
    }

    private Map<String, Object> page(List<CameraAccess> cameras, EventQuery q) {
        Map<String, String> names = new HashMap<>();
        List<EventStore.Visible> visible = new ArrayList<>();
        for (CameraAccess a : cameras) {
            names.put(a.serial(), a.name());
            visible.add(new EventStore.Visible(a.serial(),
                    a.windows().stream().map(w -> new long[] {w.fromMicros(), w.toMicros()}).toList()));
        }
        List<EventStore.Row> rows = events.page(visible, q.types(), q.fromMicros(), q.toMicros(), q.before(),
                q.limit() + 1);
        boolean more = rows.size() > q.limit();
        List<EventStore.Row> shown = more ? rows.subList(0, q.limit()) : rows;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("events", shown.stream().map(r -> EventJson.of(r.event(), names.get(r.event().serial()))).toList());
        body.put("next", more ? EventQuery.cursorAfter(shown.get(shown.size() - 1)) : null);
        return body;
    }

    private void one(Context ctx) {
        User user = signedIn.require(ctx);
        Seen seen = seen(user, ctx);
        ctx.json(EventJson.of(seen.row().event(), seen.camera().name()));
    }

    private void snapshot(Context ctx) throws IOException {
        User user = signedIn.require(ctx);
        Seen seen = seen(user, ctx);
        byte[] jpeg = events.snapshot(seen.row())
                .orElseThrow(() -> ApiError.notFound("this event has no snapshot"));
        ctx.header("Cache-Control", "private, max-age=86400"); // an event's snapshot never changes
        ctx.contentType("image/jpeg").result(jpeg);
    }

    private record Seen(EventStore.Row row, CameraAccess camera) {
    }

    /** The event in the path, if the caller may see it: else "unknown event". */
    private Seen seen(User user, Context ctx) {
        String id = ctx.pathParam("id");
        if (!EVENT_ID.matcher(id).matches()) {
            throw ApiError.notFound("unknown event");
        }
        Optional<EventStore.Row> row = events.byId(id);
        if (row.isEmpty()) {
            throw ApiError.notFound("unknown event");
        }
        long start = row.get().startMicros();
        return access.control().of(user.id(), row.get().event().serial())
                .filter(a -> a.windows().stream().anyMatch(w -> inside(w, start)))
                .map(a -> new Seen(row.get(), a))
                .orElseThrow(() -> ApiError.notFound("unknown event"));
    }

    private static boolean inside(VideoWindow w, long micros) {
        return micros >= w.fromMicros() && micros < w.toMicros();
    }
}
