package camcloud.cloud.notify;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.api.ApiClient;
import camcloud.cloud.config.NotifyConfig;
import camcloud.cloud.webhook.WebhookReceiver;
import camcloud.cloud.webhook.WebhookSettings;
import camcloud.device.camera.VirtualCamera;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real virtual camera drops off a real node and comes back: its owner hears of it only when it
 * stayed away longer than the grace period, in the notification list and through a webhook.
 */
class CameraOfflineNotificationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static NotifyConfig withGrace(Duration grace) {
        return new NotifyConfig(NotifySettings.DEFAULT.withOfflineGrace(grace),
                WebhookSettings.DEFAULT.withAllowPrivateNetworks(true).withRetries(3, Duration.ofMillis(50)));
    }

    private record Owned(ApiClient alice, TestCloud.Provisioned camera, VirtualCamera powered) {
    }

    private static Owned claimedAndOnline(TestCloud cloud) throws Exception {
        TestCloud.Provisioned provisioned = cloud.provision();
        VirtualCamera camera = cloud.powerOn(provisioned.flash());
        ApiClient alice = new ApiClient(cloud.httpBase());
        assertThat(alice.signUp("alice", "correct horse battery").status()).isEqualTo(201);
        assertThat(alice.claim(provisioned.claimCode(), "Porch").status()).isEqualTo(201);
        assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(provisioned.serial()))).isTrue();
        return new Owned(alice, provisioned, camera);
    }

    private static List<JsonNode> notifications(ApiClient client) {
        List<JsonNode> out = new ArrayList<>();
        client.get("/api/notifications").json().get("notifications").forEach(out::add);
        return out;
    }

    @Test
    void aCameraOfflineLongerThanTheGraceIsReportedOfflineThenBackOnlineInTheListAndToWebhooks() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir, c -> c.withNotifications(withGrace(Duration.ofMillis(500))));
             WebhookReceiver receiver = new WebhookReceiver(Clock.systemUTC())) {
            Owned owned = claimedAndOnline(cloud);
            ApiClient.Response hook = owned.alice().post("/api/webhooks", Map.of("url", receiver.url("/cams"),
                    "events", List.of("camera.offline", "camera.online")));
            assertThat(hook.status()).isEqualTo(201);
            receiver.secret(hook.json().get("secret").asText());
            String serial = owned.camera().serial();

            owned.powered().close();
            assertThat(TestCloud.await(WAIT, () -> notifications(owned.alice()).size() == 1)).isTrue();
            JsonNode offline = notifications(owned.alice()).get(0);
            assertThat(offline.get("kind").asText()).isEqualTo("offline");
            assertThat(offline.get("title").asText()).isEqualTo("Porch is offline");
            assertThat(offline.get("camera").asText()).isEqualTo(serial);
            assertThat(offline.get("event").isNull()).isTrue();
            assertThat(TestCloud.await(WAIT, () -> receiver.received().size() == 1)).isTrue();

            cloud.powerOn(owned.camera().flash());
            assertThat(TestCloud.await(WAIT, () -> notifications(owned.alice()).size() == 2)).isTrue();
            assertThat(notifications(owned.alice()).get(0).get("kind").asText()).isEqualTo("online");
            assertThat(notifications(owned.alice()).get(0).get("title").asText()).isEqualTo("Porch is back online");
            assertThat(TestCloud.await(WAIT, () -> receiver.received().size() == 2)).isTrue();
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::kind)
                    .containsExactly("camera.offline", "camera.online");
            assertThat(receiver.received()).allSatisfy(got -> {
                assertThat(got.signatureValid()).isTrue();
                assertThat(got.body().get("camera").asText()).isEqualTo(serial);
                assertThat(got.body().get("event").isNull()).isTrue();
            });
        }
    }

    @Test
    void aCameraThatDropsAndReturnsWithinTheGraceSendsNothing() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir, c -> c.withNotifications(withGrace(Duration.ofMinutes(5))))) {
            Owned owned = claimedAndOnline(cloud);
            String serial = owned.camera().serial();
            Notifier notifier = cloud.server().notifications().notifier();

            owned.powered().close();
            assertThat(TestCloud.await(WAIT, () -> notifier.waitingForGrace(serial))).isTrue();
            cloud.powerOn(owned.camera().flash());
            assertThat(TestCloud.await(WAIT, () -> cloud.server().presence().isOnline(serial))).isTrue();

            // back within the grace: the pending offline is cancelled, so nothing can be sent later either
            assertThat(TestCloud.await(WAIT, () -> !notifier.waitingForGrace(serial))).isTrue();
            assertThat(notifications(owned.alice())).isEmpty();
        }
    }
}
