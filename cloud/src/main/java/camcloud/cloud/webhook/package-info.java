/**
 * Webhooks: an owner's URLs that the cloud POSTs chosen events to, signed, retried, never holding up
 * the platform.
 *
 * <pre>
 *   Notifier ──► WebhookDispatcher.submit ──► lane per webhook (bounded; full: dropped, logged)
 *                      │ fixed worker pool, lanes take turns
 *                      ▼
 *   WebhookUrlPolicy.resolve (every try) ──► WebhookPost (to the approved address, one deadline)
 *                      │ WebhookSignature: v1=HMAC-SHA256(secret, timestamp.body)
 *                      ▼
 *   DeliveryLog (retrying, delivered, failed, dropped; bounded per webhook)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cloud.webhook.Webhooks}: registrations and their secrets.</li>
 *   <li>{@link camcloud.cloud.webhook.WebhookUrlPolicy}: no URL into the cloud's own network.</li>
 *   <li>{@link camcloud.cloud.webhook.WebhookDispatcher}: queues, workers, retries with backoff.</li>
 *   <li>{@link camcloud.cloud.webhook.WebhookSignature}: how deliveries are signed and verified.</li>
 *   <li>{@link camcloud.cloud.webhook.DeliveryLog}: what became of each delivery.</li>
 *   <li>{@link camcloud.cloud.webhook.WebhookSettings}, {@link camcloud.cloud.webhook.WebhookKind}.</li>
 * </ul>
 */
package camcloud.cloud.webhook;
