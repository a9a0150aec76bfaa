package camcloud.cloud.notify;

import camcloud.cloud.db.Database;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.push.PagePush;
import camcloud.cloud.webhook.DeliveryLog;
import camcloud.cloud.webhook.WebhookDispatcher;
import camcloud.cloud.webhook.WebhookSettings;
import camcloud.cloud.webhook.WebhookUrlPolicy;
import camcloud.cloud.webhook.Webhooks;
import java.time.Clock;

/**
 * A node's notifications and webhooks, made and closed together: the stores the HTTP API serves, the
 * {@link Notifier} that presence and the event service feed, and the {@link WebhookDispatcher}.
 *
 * <pre>{@code
 * NotificationService notifications = NotificationService.open(db, devices, notify, webhooks, push, clock);
 * presence.onChange(notifications.notifier());
 * eventService.onEvent(notifications.notifier());
 * }</pre>
 */
public final class NotificationService implements AutoCloseable {

    private final NotificationPreferences preferences;
    private final NotificationList list;
    private final WebhookDispatcher dispatcher;
    private final Notifier notifier;

    private NotificationService(NotificationPreferences preferences, NotificationList list,
                                WebhookDispatcher dispatcher, Notifier notifier) {
        this.preferences = preferences;
        this.list = list;
        this.dispatcher = dispatcher;
        this.notifier = notifier;
    }

    public static NotificationService open(Database db, DeviceStore devices, NotifySettings notify,
                                           WebhookSettings webhooks, PagePush push, Clock clock) {
        NotificationPreferences preferences = new NotificationPreferences(db);
        NotificationList list = new NotificationList(db, notify.listPerUser());
        WebhookDispatcher dispatcher = new WebhookDispatcher(new Webhooks(db, clock, webhooks.perUser()),
                new DeliveryLog(db, webhooks.logPerWebhook()), new WebhookUrlPolicy(webhooks.allowPrivateNetworks()),
                webhooks, clock);
        Notifier notifier = new Notifier(notify, devices, preferences, list, push, dispatcher, clock);
        return new NotificationService(preferences, list, dispatcher, notifier);
    }

    public NotificationPreferences preferences() {
        return preferences;
    }

    public NotificationList list() {
        return list;
    }

    public WebhookDispatcher webhooks() {
        return dispatcher;
    }

    /** Give it to {@code Presence.onChange} and to the event service's {@code onEvent}. */
    public Notifier notifier() {
        return notifier;
    }

    @Override
    public void close() {
        notifier.close();
        dispatcher.close();
    }
}
