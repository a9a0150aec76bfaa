package camcloud.cloud.api;

import camcloud.cloud.account.User;
import camcloud.cloud.webhook.Webhook;
import camcloud.cloud.webhook.WebhookDispatcher;
import camcloud.cloud.webhook.WebhookKind;
import camcloud.cloud.webhook.WebhookUrlPolicy;
import camcloud.cloud.webhook.Webhooks;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A user's webhooks:
 *
 * <ul>
 *   <li>{@code GET /api/webhooks}: {@code {"webhooks": [{"id", "url", "events", "createdAt"}]}};</li>
 *   <li>{@code POST /api/webhooks} {@code {"url", "events"?}}: 201 with {@code "secret"}, shown this once.
 *       The URL must pass {@link WebhookUrlPolicy} (http/https, no credentials, no address inside the
 *       cloud's network); {@code events} are among {@link WebhookKind#ALL}, all of them when absent;</li>
 *   <li>{@code DELETE /api/webhooks/{id}} (204), with its delivery log;</li>
 *   <li>{@code GET /api/webhooks/{id}/deliveries}: the latest deliveries, newest first;</li>
 *   <li>{@code POST /api/webhooks/{id}/test}: queues a {@code test} delivery (202 with it).</li>
 * </ul>
 *
 * A webhook that is not the caller's is "no such webhook" (404), like one that does not exist.
 */
final class WebhookRoutes {

    private static final Set<String> FIELDS = Set.of("url", "events");

    private final WebhookDispatcher dispatcher;
    private final Webhooks webhooks;
    private final SignedIn signedIn;
    private final int maxBodyBytes;

    WebhookRoutes(WebhookDispatcher dispatcher, SignedIn signedIn, int maxBodyBytes) {
        this.dispatcher = dispatcher;
        this.webhooks = dispatcher.webhooks();
        this.signedIn = signedIn;
        this.maxBodyBytes = maxBodyBytes;
    }

    void addTo(Javalin app) {
        app.get("/api/webhooks", this::list);
        app.post("/api/webhooks", this::register);
        app.delete("/api/webhooks/{id}", this::delete);
        app.get("/api/webhooks/{id}/deliveries", this::deliveries);
        app.post("/api/webhooks/{id}/test", this::test);
    }

    private void list(Context ctx) {
        User user = signedIn.require(ctx);
        ctx.json(Map.of("webhooks", webhooks.of(user.id()).stream().map(WebhookRoutes::view).toList()));
    }

    private void register(Context ctx) {
        User user = signedIn.require(ctx);
        JsonBody body = JsonBody.read(ctx, maxBodyBytes, FIELDS);
        String url = body.requiredString("url", 2048).strip();
        List<String> events = body.optionalStrings("events", 16, 32).orElse(WebhookKind.ALL);
        Set<String> chosen = new LinkedHashSet<>();
        for (String e : events) {
            if (!WebhookKind.ALL.contains(e)) {
                throw ApiError.badRequest("unknown event kind '" + e.replaceAll("\\p{Cntrl}", "?") + "'; known: "
                        + String.join(", ", WebhookKind.ALL));
            }
            chosen.add(e);
        }
        if (chosen.isEmpty()) {
            throw ApiError.badRequest("field 'events' must name at least one kind; known: "
                    + String.join(", ", WebhookKind.ALL));
        }
        try {
            dispatcher.policy().resolve(url);
        } catch (WebhookUrlPolicy.Refused e) {
            throw ApiError.badRequest(e.getMessage());
        }
        Webhooks.Created created;
        try {
            created = webhooks.register(user.id(), url, List.copyOf(chosen));
        } catch (Webhooks.TooMany e) {
            throw ApiError.conflict(e.getMessage());
        }
        Map<String, Object> view = view(created.webhook());
        view.put("secret", created.secret());
        ctx.status(201).json(view);
    }

    private void delete(Context ctx) {
        User user = signedIn.require(ctx);
        if (!webhooks.delete(user.id(), id(ctx))) {
            throw noSuchWebhook();
        }
        ctx.status(204);
    }

    private void deliveries(Context ctx) {
        User user = signedIn.require(ctx);
        Webhook webhook = webhooks.find(user.id(), id(ctx)).orElseThrow(WebhookRoutes::noSuchWebhook);
        int limit = NotificationRoutes.limit(ctx.queryParam("limit"), 100);
        ctx.json(Map.of("deliveries", dispatcher.deliveryLog().latest(webhook.id(), limit)));
    }

    private void test(Context ctx) {
        User user = signedIn.require(ctx);
        ctx.status(202).json(dispatcher.test(user.id(), id(ctx)).orElseThrow(WebhookRoutes::noSuchWebhook));
    }

    private static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw noSuchWebhook();
        }
    }

    private static ApiError noSuchWebhook() {
        return ApiError.notFound("no such webhook");
    }

    private static Map<String, Object> view(Webhook w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("url", w.url());
        m.put("events", w.kinds());
        m.put("createdAt", Instant.ofEpochMilli(w.createdAtMillis()).toString());
        return m;
    }
}
