package camcloud.cloud.config;

import camcloud.cloud.notify.NotifySettings;
import camcloud.cloud.webhook.WebhookSettings;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;

/**
 * Notification and webhook settings of a node (part of {@link CloudConfig}), with their properties keys:
 *
 * <ul>
 *   <li>{@code notify.offline.grace.seconds} (60): how long a camera stays offline before its owner is told;</li>
 *   <li>{@code notify.flap.max} (4) and {@code notify.flap.window.minutes} (60): at most that many
 *       offline/online notifications per camera in the window, the last an "unstable" summary;</li>
 *   <li>{@code webhooks.allow.private.networks} (false): deliver to loopback and private addresses too;</li>
 *   <li>{@code webhooks.workers} (4), {@code webhooks.queue.per.webhook} (100),
 *       {@code webhooks.attempts} (5), {@code webhooks.retry.seconds} (10), {@code webhooks.timeout.seconds}
 *       (10), {@code webhooks.per.user} (10): see {@link WebhookSettings}.</li>
 * </ul>
 *
 * Bad values fail fast with the setting's name.
 */
public record NotifyConfig(NotifySettings notifications, WebhookSettings webhooks) {

    public static final Set<String> KEYS = Set.of("notify.offline.grace.seconds", "notify.flap.max",
            "notify.flap.window.minutes", "webhooks.allow.private.networks", "webhooks.workers",
            "webhooks.queue.per.webhook", "webhooks.attempts", "webhooks.retry.seconds", "webhooks.timeout.seconds",
            "webhooks.per.user");

    public NotifyConfig {
        if (notifications == null || webhooks == null) {
            throw new IllegalArgumentException("notification and webhook settings are required");
        }
    }

    public static NotifyConfig defaults() {
        return new NotifyConfig(NotifySettings.DEFAULT, WebhookSettings.DEFAULT);
    }

    /** These settings with the keys of {@link #KEYS} present in {@code p} applied. */
    NotifyConfig with(Properties p) {
        NotifySettings n = notifications;
        if (p.containsKey("notify.offline.grace.seconds")) {
            n = n.withOfflineGrace(seconds(p, "notify.offline.grace.seconds"));
        }
        if (p.containsKey("notify.flap.max") || p.containsKey("notify.flap.window.minutes")) {
            n = n.withFlapLimit(p.containsKey("notify.flap.max") ? Settings.wholeInt(p, "notify.flap.max") : n.flapMax(),
                    p.containsKey("notify.flap.window.minutes")
                            ? Duration.ofMillis((long) (Settings.number(p, "notify.flap.window.minutes") * 60_000))
                            : n.flapWindow());
        }
        WebhookSettings w = webhooks;
        if (p.containsKey("webhooks.allow.private.networks")) {
            w = w.withAllowPrivateNetworks(bool(p, "webhooks.allow.private.networks"));
        }
        if (p.containsKey("webhooks.workers") || p.containsKey("webhooks.queue.per.webhook")) {
            w = w.withQueue(p.containsKey("webhooks.workers") ? Settings.wholeInt(p, "webhooks.workers") : w.workers(),
                    p.containsKey("webhooks.queue.per.webhook") ? Settings.wholeInt(p, "webhooks.queue.per.webhook")
                            : w.queuePerWebhook());
        }
        if (p.containsKey("webhooks.attempts") || p.containsKey("webhooks.retry.seconds")) {
            w = w.withRetries(p.containsKey("webhooks.attempts") ? Settings.wholeInt(p, "webhooks.attempts") : w.attempts(),
                    p.containsKey("webhooks.retry.seconds") ? seconds(p, "webhooks.retry.seconds") : w.retryBase());
        }
        if (p.containsKey("webhooks.timeout.seconds")) {
            w = w.withTimeout(seconds(p, "webhooks.timeout.seconds"));
        }
        if (p.containsKey("webhooks.per.user")) {
            w = w.withPerUser(Settings.wholeInt(p, "webhooks.per.user"));
        }
        return new NotifyConfig(n, w);
    }

    public NotifyConfig withNotifications(NotifySettings settings) {
        return new NotifyConfig(settings, webhooks);
    }

    public NotifyConfig withWebhooks(WebhookSettings settings) {
        return new NotifyConfig(notifications, settings);
    }

    private static Duration seconds(Properties p, String name) {
        return Duration.ofMillis((long) (Settings.number(p, name) * 1000));
    }

    private static boolean bool(Properties p, String name) {
        String value = p.getProperty(name).strip();
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }
}
