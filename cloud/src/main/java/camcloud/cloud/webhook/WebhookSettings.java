package camcloud.cloud.webhook;

import java.time.Duration;

/**
 * How a node delivers webhooks.
 *
 * @param allowPrivateNetworks deliver to loopback, private, link-local and CGNAT addresses too
 *                             ({@code webhooks.allow.private.networks}, false): only for a node whose
 *                             owners are trusted with its network
 * @param workers              deliveries in flight at once on the node ({@code webhooks.workers}, 4)
 * @param queuePerWebhook      deliveries one webhook may have waiting (queued or for a retry); more are
 *                             dropped and logged as dropped ({@code webhooks.queue.per.webhook}, 100)
 * @param attempts             tries per delivery ({@code webhooks.attempts}, 5)
 * @param retryBase            wait after the first failed try; each further wait is 4 times longer, with
 *                             jitter of ±50 % ({@code webhooks.retry.seconds}, 10: about 10 s, 40 s,
 *                             2.7 min and 11 min)
 * @param timeout              one try, from connecting to the response's status line
 *                             ({@code webhooks.timeout.seconds}, 10)
 * @param perUser              webhooks one account may register ({@code webhooks.per.user}, 10)
 * @param logPerWebhook        deliveries kept in a webhook's log (100)
 */
public record WebhookSettings(boolean allowPrivateNetworks, int workers, int queuePerWebhook, int attempts,
                              Duration retryBase, Duration timeout, int perUser, int logPerWebhook) {

    public static final WebhookSettings DEFAULT = new WebhookSettings(false, 4, 100, 5, Duration.ofSeconds(10),
            Duration.ofSeconds(10), 10, 100);

    public WebhookSettings {
        check("webhooks.workers", workers, 1, 256);
        check("webhooks.queue.per.webhook", queuePerWebhook, 1, 100_000);
        check("webhooks.attempts", attempts, 1, 20);
        check("webhooks.per.user", perUser, 1, 1000);
        check("deliveries kept per webhook", logPerWebhook, 1, 100_000);
        if (retryBase == null || retryBase.toMillis() < 1 || retryBase.toHours() > 1) {
            throw new IllegalArgumentException("webhooks.retry.seconds must be above 0 and at most 3600, was "
                    + (retryBase == null ? null : retryBase.toMillis() / 1000.0));
        }
        if (timeout == null || timeout.toMillis() < 10 || timeout.toMinutes() > 5) {
            throw new IllegalArgumentException("webhooks.timeout.seconds must be from 0.01 to 300, was "
                    + (timeout == null ? null : timeout.toMillis() / 1000.0));
        }
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", was " + value);
        }
    }

    public WebhookSettings withAllowPrivateNetworks(boolean allow) {
        return new WebhookSettings(allow, workers, queuePerWebhook, attempts, retryBase, timeout, perUser,
                logPerWebhook);
    }

    public WebhookSettings withQueue(int workers, int queuePerWebhook) {
        return new WebhookSettings(allowPrivateNetworks, workers, queuePerWebhook, attempts, retryBase, timeout,
                perUser, logPerWebhook);
    }

    public WebhookSettings withRetries(int attempts, Duration retryBase) {
        return new WebhookSettings(allowPrivateNetworks, workers, queuePerWebhook, attempts, retryBase, timeout,
                perUser, logPerWebhook);
    }

    public WebhookSettings withTimeout(Duration timeout) {
        return new WebhookSettings(allowPrivateNetworks, workers, queuePerWebhook, attempts, retryBase, timeout,
                perUser, logPerWebhook);
    }

    public WebhookSettings withPerUser(int perUser) {
        return new WebhookSettings(allowPrivateNetworks, workers, queuePerWebhook, attempts, retryBase, timeout,
                perUser, logPerWebhook);
    }
}
