/**
 * Notifications: telling an owner that a camera went offline, came back, or saw an event they chose.
 *
 * <pre>
 *   Presence.onChange ──► Notifier ──► FlapDamper (grace period, "back online" only after "offline",
 *   (event loop)            │  ▲          cap per window with one "unstable" summary)
 *   EventListener ──────────┘  └──────────────┘
 *                           │ owner, CameraPreferences, QuietHours
 *                           ├──► NotificationList (notifications, bounded per user) ──► GET /api/notifications
 *                           ├──► PagePush "notification" (not during quiet hours)
 *                           └──► WebhookDispatcher (camcloud.cloud.webhook)
 * </pre>
 *
 * <ul>
 *   <li>{@link camcloud.cloud.notify.NotificationService}: makes and closes the parts together.</li>
 *   <li>{@link camcloud.cloud.notify.Notifier}: who is told what, off the caller's thread.</li>
 *   <li>{@link camcloud.cloud.notify.FlapDamper}: a flapping camera does not send a storm.</li>
 *   <li>{@link camcloud.cloud.notify.NotificationPreferences}: per camera choices and quiet hours.</li>
 *   <li>{@link camcloud.cloud.notify.CameraPreferences}, {@link camcloud.cloud.notify.QuietHours}: the choices.</li>
 *   <li>{@link camcloud.cloud.notify.NotificationList}, {@link camcloud.cloud.notify.Notification}: the list.</li>
 *   <li>{@link camcloud.cloud.notify.NotifySettings}: grace period and flap cap.</li>
 * </ul>
 */
package camcloud.cloud.notify;
