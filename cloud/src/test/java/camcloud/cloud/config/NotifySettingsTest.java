package camcloud.cloud.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.notify.NotifySettings;
import camcloud.cloud.webhook.WebhookSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code notify.*} and {@code webhooks.*}: defaults, read from the file, checked. */
class NotifySettingsTest {

    @TempDir
    Path dir;

    @Test
    void defaultsWaitAMinuteBeforeOfflineAndRefusePrivateNetworks() {
        NotifyConfig n = CloudConfig.defaults().notifications();
        assertThat(n.notifications().offlineGrace()).isEqualTo(Duration.ofSeconds(60));
        assertThat(n.notifications().flapMax()).isEqualTo(4);
        assertThat(n.notifications().flapWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(n.webhooks().allowPrivateNetworks()).isFalse();
        assertThat(n.webhooks()).isEqualTo(WebhookSettings.DEFAULT);
    }

    @Test
    void theFileSetsEveryKey() throws Exception {
        NotifyConfig n = read("notify.offline.grace.seconds = 0.5\nnotify.flap.max = 6\nnotify.flap.window.minutes = 30\n"
                + "webhooks.allow.private.networks = true\nwebhooks.workers = 8\nwebhooks.queue.per.webhook = 20\n"
                + "webhooks.attempts = 3\nwebhooks.retry.seconds = 2\nwebhooks.timeout.seconds = 4\n"
                + "webhooks.per.user = 3\n").notifications();
        NotifySettings s = n.notifications();
        assertThat(s.offlineGrace()).isEqualTo(Duration.ofMillis(500));
        assertThat(s.flapMax()).isEqualTo(6);
        assertThat(s.flapWindow()).isEqualTo(Duration.ofMinutes(30));
        WebhookSettings w = n.webhooks();
        assertThat(w.allowPrivateNetworks()).isTrue();
        assertThat(w.workers()).isEqualTo(8);
        assertThat(w.queuePerWebhook()).isEqualTo(20);
        assertThat(w.attempts()).isEqualTo(3);
        assertThat(w.retryBase()).isEqualTo(Duration.ofSeconds(2));
        assertThat(w.timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(w.perUser()).isEqualTo(3);
    }

    @Test
    void badValuesFailFastNamingTheSetting() {
        assertThatThrownBy(() -> read("notify.offline.grace.seconds = soon\n"))
                .hasMessageContaining("notify.offline.grace.seconds").hasMessageContaining("soon");
        assertThatThrownBy(() -> read("notify.offline.grace.seconds = -1\n"))
                .hasMessageContaining("notify.offline.grace.seconds").hasMessageContaining("-1");
        assertThatThrownBy(() -> read("notify.flap.max = 1\n")).hasMessageContaining("notify.flap.max")
                .hasMessageContaining("was 1");
        assertThatThrownBy(() -> read("webhooks.allow.private.networks = yes\n"))
                .hasMessageContaining("webhooks.allow.private.networks").hasMessageContaining("yes");
        assertThatThrownBy(() -> read("webhooks.queue.per.webhook = 0\n"))
                .hasMessageContaining("webhooks.queue.per.webhook").hasMessageContaining("was 0");
        assertThatThrownBy(() -> read("webhooks.timeout.seconds = 0\n")).hasMessageContaining("webhooks.timeout.seconds");
        assertThatThrownBy(() -> read("webhooks.allow.private = true\n"))
                .hasMessageContaining("unknown setting 'webhooks.allow.private'")
                .hasMessageContaining("webhooks.allow.private.networks");
    }

    private CloudConfig read(String text) throws Exception {
        Path file = dir.resolve("cloud.properties");
        Files.writeString(file, text);
        return CloudConfig.defaults().withFile(file);
    }
}
