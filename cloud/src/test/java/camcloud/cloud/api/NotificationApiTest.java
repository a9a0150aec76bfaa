package camcloud.cloud.api;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.LogCapture;
import camcloud.cloud.TestCloud;
import camcloud.cloud.config.NotifyConfig;
import camcloud.cloud.event.StoredEvent;
import camcloud.cloud.notify.Notification;
import camcloud.cloud.webhook.WebhookReceiver;
import camcloud.cloud.webhook.WebhookSettings;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Notification choices, quiet hours, the notification list and webhooks, through the HTTP API. */
class NotificationApiTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private static ApiClient.Response put(ApiClient client, String path, Object body) {
        return client.send("PUT", path, ApiClient.json(body), "application/json", Map.of());
    }

    private static StoredEvent event(String id, String serial, String type, long startMillis, Map<String, String> details) {
        return new StoredEvent(id, serial, type, Optional.of("Porch"), startMillis, Optional.empty(), 0.25f, details,
                true);
    }

    /** Alice owns a camera named Front door, shared with Bob. */
    private record World(ApiServer server, ApiClient alice, ApiClient bob, String serial) {
    }

    private World world(ApiServer server) {
        ApiClient alice = server.client();
        ApiClient bob = server.client();
        alice.signUp("alice", "correct horse battery");
        bob.signUp("bob", "another good password");
        ApiServer.Camera cam = server.newCamera();
        assertThat(alice.claim(cam.code(), "Front door").status()).isEqualTo(201);
        assertThat(alice.post("/api/cameras/" + cam.serial() + "/shares", Map.of("username", "bob")).status())
                .isEqualTo(201);
        return new World(server, alice, bob, cam.serial());
    }

    @Test
    void choicesStartFromTheDefaultsAndOnlyTheOwnerChangesThemPerCamera() {
        try (ApiServer server = new ApiServer(dir)) {
            World w = world(server);
            JsonNode initial = w.alice().get("/api/me/notifications").json();
            assertThat(initial.get("quietHours").isNull()).isTrue();
            assertThat(initial.get("cameras")).hasSize(1);
            assertThat(initial.get("cameras").get(0).toString()).isEqualTo("{\"serial\":\"" + w.serial()
                    + "\",\"offline\":true,\"motion\":true,\"sound\":false,\"dayNight\":false}");

            String path = "/api/cameras/" + w.serial() + "/notifications";
            ApiClient.Response set = put(w.alice(), path, Map.of("offline", false, "motion", true, "sound", true,
                    "dayNight", true));
            assertThat(set.status()).isEqualTo(200);
            assertThat(set.json().get("sound").asBoolean()).isTrue();
            JsonNode after = w.alice().get("/api/me/notifications").json().get("cameras").get(0);
            assertThat(after.get("offline").asBoolean()).isFalse();
            assertThat(after.get("dayNight").asBoolean()).isTrue();

            assertThat(put(w.alice(), path, Map.of("offline", true)).error()).isEqualTo("field 'motion' is required");
            assertThat(put(w.alice(), path, Map.of("offline", "yes", "motion", true, "sound", true, "dayNight", true))
                    .error()).isEqualTo("field 'offline' must be true or false");
            ApiClient.Response viewer = put(w.bob(), path, Map.of("offline", true, "motion", true, "sound", true,
                    "dayNight", true));
            assertThat(viewer.status()).isEqualTo(403);
            assertThat(w.bob().get("/api/me/notifications").json().get("cameras")).isEmpty();
            ApiClient stranger = server.client();
            stranger.signUp("mallory", "yet another password");
            assertThat(put(stranger, path, Map.of("offline", true, "motion", true, "sound", true, "dayNight", true))
                    .status()).isEqualTo(404);
            assertThat(server.client().get("/api/me/notifications").status()).isEqualTo(401);
        }
    }

    @Test
    void quietHoursAreSetCheckedAndCleared() {
        try (ApiServer server = new ApiServer(dir)) {
            World w = world(server);
            String path = "/api/me/notifications/quiet-hours";
            ApiClient.Response set = put(w.alice(), path, Map.of("start", "22:00", "end", "07:00",
                    "timeZone", "Europe/Berlin"));
            assertThat(set.status()).isEqualTo(200);
            assertThat(w.alice().get("/api/me/notifications").json().get("quietHours").toString())
                    .isEqualTo("{\"start\":\"22:00\",\"end\":\"07:00\",\"timeZone\":\"Europe/Berlin\"}");

            assertThat(put(w.alice(), path, Map.of("start", "25:00", "end", "07:00", "timeZone", "UTC")).error())
                    .isEqualTo("field 'start' must be a time of day as HH:mm (00:00 to 23:59)");
            assertThat(put(w.alice(), path, Map.of("start", "22:00", "end", "07:00", "timeZone", "Mars/Olympus"))
                    .error()).isEqualTo("field 'timeZone' must be an IANA time zone such as Europe/Berlin");
            assertThat(put(w.alice(), path, Map.of("start", "07:00", "end", "07:00", "timeZone", "UTC")).status())
                    .isEqualTo(400);
            assertThat(put(w.alice(), path, Map.of("start", "07:00", "end", "08:00")).error())
                    .isEqualTo("field 'timeZone' is required");
            // refusals changed nothing
            assertThat(w.alice().get("/api/me/notifications").json().get("quietHours").get("start").asText())
                    .isEqualTo("22:00");

            assertThat(w.alice().delete(path).status()).isEqualTo(204);
            assertThat(w.alice().get("/api/me/notifications").json().get("quietHours").isNull()).isTrue();
        }
    }

    @Test
    void choicesAndQuietHoursFilterEventNotificationsAndOnlyTheOwnerIsTold() {
        try (ApiServer server = new ApiServer(dir)) {
            World w = world(server);
            long aliceId = w.alice().get("/api/me").json().get("id").asLong();
            put(w.alice(), "/api/me/notifications/quiet-hours", Map.of("start", "22:00", "end", "07:00",
                    "timeZone", "UTC"));
            server.clock.advance(Duration.ofHours(12)); // 2026-01-01 12:00 UTC: not quiet
            long noon = server.clock.millis();

            // defaults: motion yes, sound and day/night no
            server.notifications.notifier().onEvent(event("ev-sound", w.serial(), "sound", noon, Map.of()), false);
            server.notifications.notifier().onEvent(event("ev-dn", w.serial(), "day_night", noon,
                    Map.of("state", "night")), false);
            server.notifications.notifier().onEvent(event("ev-motion", w.serial(), "motion", noon, Map.of()), true);
            server.notifications.notifier().onEvent(event("ev-motion", w.serial(), "motion", noon, Map.of()), false);
            // within the minute after: the event is in the events list, but nobody is notified again
            server.notifications.notifier().onEvent(event("ev-again", w.serial(), "motion", noon + 10_000, Map.of()),
                    false);
            assertThat(TestCloud.await(WAIT, () -> list(w.alice()).size() == 1)).isTrue();
            JsonNode motion = list(w.alice()).get(0);
            assertThat(motion.get("kind").asText()).isEqualTo("motion");
            assertThat(motion.get("event").asText()).isEqualTo("ev-motion");
            assertThat(motion.get("camera").asText()).isEqualTo(w.serial());
            assertThat(motion.get("cameraName").asText()).isEqualTo("Front door");
            assertThat(motion.get("title").asText()).isEqualTo("Motion at Front door");
            assertThat(motion.get("body").asText()).isEqualTo("In zone Porch.");
            assertThat(motion.get("at").asText()).isEqualTo("2026-01-01T12:00:00Z");
            assertThat(server.pushes.all()).singleElement().satisfies(p -> {
                assertThat(p.userId()).isEqualTo(aliceId);
                assertThat(p.name()).isEqualTo("notification");
                assertThat(((Notification) p.payload()).event()).isEqualTo("ev-motion");
            });

            // she asks for day/night too; at 23:00 it is listed but not pushed
            put(w.alice(), "/api/cameras/" + w.serial() + "/notifications", Map.of("offline", true, "motion", true,
                    "sound", false, "dayNight", true));
            server.clock.advance(Duration.ofHours(11));
            server.notifications.notifier().onEvent(event("ev-dn2", w.serial(), "day_night", server.clock.millis(),
                    Map.of("state", "night")), false);
            assertThat(TestCloud.await(WAIT, () -> list(w.alice()).size() == 2)).isTrue();
            assertThat(list(w.alice()).get(0).get("title").asText()).isEqualTo("Front door switched to night");
            assertThat(list(w.alice())).extracting(n -> n.get("event").asText()).doesNotContain("ev-again");
            assertThat(server.pushes.all()).hasSize(1);

            // after quiet hours, pushed again
            server.clock.advance(Duration.ofHours(9)); // 08:00
            server.notifications.notifier().onEvent(event("ev-m2", w.serial(), "motion", server.clock.millis(),
                    Map.of()), false);
            assertThat(TestCloud.await(WAIT, () -> server.pushes.all().size() == 2)).isTrue();

            // the viewer of the share is not told; the list is newest first and limited
            assertThat(list(w.bob())).isEmpty();
            List<String> ids = w.alice().get("/api/notifications?limit=2").json().get("notifications")
                    .findValuesAsText("event");
            assertThat(ids).containsExactly("ev-m2", "ev-dn2");
            assertThat(w.alice().get("/api/notifications?limit=0").status()).isEqualTo(400);
            assertThat(w.alice().get("/api/notifications?limit=x").status()).isEqualTo(400);
        }
    }

    private static List<JsonNode> list(ApiClient client) {
        List<JsonNode> out = new java.util.ArrayList<>();
        client.get("/api/notifications").json().get("notifications").forEach(out::add);
        return out;
    }

    @Test
    void webhookUrlsIntoTheCloudsNetworkOrNotHttpAreRefusedWithTheReason() {
        try (ApiServer server = new ApiServer(dir)) {
            World w = world(server);
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "ftp://203.0.113.10/hook")).error())
                    .isEqualTo("url must be http or https, was ftp");
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "http://127.0.0.1:8080/hook")).error())
                    .contains("network the cloud does not deliver to").contains("loopback");
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "http://localhost:8080/hook")).error())
                    .contains("localhost resolves to").contains("loopback");
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "http://169.254.169.254/latest")).error())
                    .contains("link-local");
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "https://u:p@203.0.113.10/")).error())
                    .contains("credentials");
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "https://203.0.113.10/",
                    "events", List.of("motion", "fire"))).error()).startsWith("unknown event kind 'fire'");
            assertThat(w.alice().post("/api/webhooks", Map.of("url", "https://203.0.113.10/",
                    "events", List.of())).error()).startsWith("field 'events' must name at least one kind");
            assertThat(w.alice().get("/api/webhooks").json().get("webhooks")).isEmpty();
        }
    }

    @Test
    void aWebhookShowsItsSecretOnceDeliversATestAndBelongsToItsOwnerOnly() {
        NotifyConfig local = NotifyConfig.defaults().withWebhooks(WebhookSettings.DEFAULT.withAllowPrivateNetworks(true)
                .withPerUser(2));
        try (LogCapture logs = LogCapture.everything();
             ApiServer server = new ApiServer(dir, UnaryOperator.identity(), UnaryOperator.identity(), local);
             WebhookReceiver receiver = new WebhookReceiver(server.clock)) {
            World w = world(server);
            ApiClient.Response created = w.alice().post("/api/webhooks", Map.of("url", receiver.url("/hook?t=s3cr3tpath"),
                    "events", List.of("camera.offline", "motion", "motion")));
            assertThat(created.status()).isEqualTo(201);
            String secret = created.json().get("secret").asText();
            assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);
            assertThat(created.json().get("events").toString()).isEqualTo("[\"camera.offline\",\"motion\"]");
            long id = created.json().get("id").asLong();
            receiver.secret(secret);

            JsonNode listed = w.alice().get("/api/webhooks").json().get("webhooks");
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).has("secret")).isFalse();
            assertThat(listed.get(0).get("url").asText()).isEqualTo(receiver.url("/hook?t=s3cr3tpath"));
            assertThat(w.alice().get("/api/webhooks").text()).doesNotContain(secret);

            ApiClient.Response test = w.alice().post("/api/webhooks/" + id + "/test", Map.of());
            assertThat(test.status()).isEqualTo(202);
            String delivery = test.json().get("id").asText();
            assertThat(TestCloud.await(WAIT, () -> w.alice().get("/api/webhooks/" + id + "/deliveries").json()
                    .get("deliveries").get(0).get("status").asText().equals("delivered"))).isTrue();
            assertThat(receiver.received()).singleElement().satisfies(got -> {
                assertThat(got.signatureValid()).isTrue();
                assertThat(got.deliveryHeader()).isEqualTo(delivery);
                assertThat(got.kind()).isEqualTo("test");
            });
            JsonNode entry = w.alice().get("/api/webhooks/" + id + "/deliveries").json().get("deliveries").get(0);
            assertThat(entry.get("attempts").asInt()).isEqualTo(1);
            assertThat(entry.get("httpStatus").asInt()).isEqualTo(200);
            assertThat(entry.get("error").isNull()).isTrue();

            // Bob sees none of it
            assertThat(w.bob().get("/api/webhooks").json().get("webhooks")).isEmpty();
            assertThat(w.bob().get("/api/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
            assertThat(w.bob().post("/api/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(404);
            assertThat(w.bob().delete("/api/webhooks/" + id).status()).isEqualTo(404);
            assertThat(w.alice().get("/api/webhooks/x/deliveries").status()).isEqualTo(404);

            // at most webhooks.per.user
            assertThat(w.alice().post("/api/webhooks", Map.of("url", receiver.url("/two"))).status()).isEqualTo(201);
            ApiClient.Response third = w.alice().post("/api/webhooks", Map.of("url", receiver.url("/three")));
            assertThat(third.status()).isEqualTo(409);
            assertThat(third.error()).contains("at most 2 webhooks");

            assertThat(w.alice().delete("/api/webhooks/" + id).status()).isEqualTo(204);
            assertThat(w.alice().get("/api/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
            assertThat(w.alice().get("/api/webhooks").json().get("webhooks")).hasSize(1);
            // neither the secret nor the URL's token was ever logged
            assertThat(logs.messages()).isNotEmpty().noneMatch(m -> m.contains(secret) || m.contains("s3cr3tpath"));
        }
    }
}
