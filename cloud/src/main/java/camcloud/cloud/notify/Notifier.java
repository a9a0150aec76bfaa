package camcloud.cloud.notify;

import camcloud.cloud.device.Device;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.event.EventListener;
import camcloud.cloud.event.StoredEvent;
import camcloud.cloud.push.PagePush;
import camcloud.cloud.webhook.WebhookDispatcher;
import camcloud.cloud.webhook.WebhookKind;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells owners what happened to their cameras: offline and back online (through {@link FlapDamper})
 * and the events they chose, into their notification list, onto their open pages ({@link PagePush})
 * and to their webhooks ({@link WebhookDispatcher}).
 *
 * <ul>
 *   <li><b>Who</b>: the camera's owner at that moment. Viewers of a share are not told (the camera is
 *       not theirs to look after; their pages still see it go offline through the push stream).</li>
 *   <li><b>What</b>: per camera, the owner's {@link CameraPreferences}; {@code offline} covers "back
 *       online" too. Events notify when they start, at most one per camera and type per
 *       {@link NotifySettings#eventCooldown} (a busy scene is not a stream of notifications).</li>
 *   <li><b>Quiet hours</b>: a notification made then is listed but not pushed.</li>
 *   <li><b>Webhooks</b> are for machines: they get every kind they chose, for every camera of the
 *       owner, at any hour; the per-camera choices and quiet hours shape only what the person is shown.
 *       Offline/online reach webhooks already damped, so a flapping camera floods neither.</li>
 * </ul>
 *
 * <p>Callers return at once: presence changes arrive on a gateway event loop and go to the
 * notifier's own thread, which also runs the damper's timers; events go to a bounded queue (full: the
 * event is not notified, counted in {@link #eventsDropped}).
 */
public final class Notifier implements Presence.Listener, EventListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Notifier.class);
    private static final int EVENT_QUEUE = 10_000;

    private final NotifySettings settings;
    private final DeviceStore devices;
    private final NotificationPreferences preferences;
    private final NotificationList list;
    private final PagePush push;
    private final WebhookDispatcher webhooks;
    private final Clock clock;
    private final ScheduledExecutorService presenceThread;
    private final ThreadPoolExecutor eventThread;
    private final FlapDamper damper;
    private final LongAdder eventsDropped = new LongAdder();
    /** When each (owner, camera, kind) last made an event notification; only the event thread uses it. */
    private final java.util.Map<String, Long> lastEventNotice = new java.util.HashMap<>();

    public Notifier(NotifySettings settings, DeviceStore devices, NotificationPreferences preferences,
                    NotificationList list, PagePush push, WebhookDispatcher webhooks, Clock clock) {
        this.settings = settings;
        this.devices = devices;
        this.preferences = preferences;
        this.list = list;
        this.push = push;
        this.webhooks = webhooks;
        this.clock = clock;
        this.presenceThread = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "notify-presence"));
        this.eventThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(EVENT_QUEUE),
                r -> daemon(r, "notify-events"), (r, pool) -> eventsDropped.increment());
        this.damper = new FlapDamper(settings, clock, this::schedule, this::presenceReport, this::seenSince);
    }

    /** On a gateway event loop: hands the change to the notifier's thread. */
    @Override
    public void onlineChanged(String serial, boolean online) {
        try {
            presenceThread.execute(() -> safely(() -> damper.changed(serial, online)));
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    @Override
    public void onEvent(StoredEvent event, boolean ended) {
        if (ended) {
            return;
        }
        Optional<NotificationKind> kind = NotificationKind.ofEventType(event.type());
        if (kind.isEmpty()) {
            return;
        }
        if (!eventThread.isShutdown()) {
            eventThread.execute(() -> safely(() -> eventStarted(event, kind.get())));
        }
    }

    /** Events not notified because the queue was full. */
    public long eventsDropped() {
        return eventsDropped.sum();
    }

    /** Whether a camera's offline is waiting for its grace period (tests); asks the notifier's thread. */
    public boolean waitingForGrace(String serial) {
        try {
            return presenceThread.submit(() -> damper.waitingForGrace(serial)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the notifier did not answer", e);
        }
    }

    private Runnable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = presenceThread.schedule(() -> safely(task), delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    /** The node that has the camera now flushes its last-seen time to the database every few seconds. */
    private boolean seenSince(String serial, long offlineSinceMillis) {
        try {
            return devices.findBySerial(serial).map(Device::lastSeenAt)
                    .map(seen -> seen > offlineSinceMillis).orElse(false);
        } catch (RuntimeException e) {
            return false; // the database is away: rather tell than stay silent
        }
    }

    private void presenceReport(FlapDamper.Report r) {
        safely(() -> {
            NotificationKind kind = r.online() ? NotificationKind.ONLINE : NotificationKind.OFFLINE;
            tell(r.serial(), kind, r.online() ? WebhookKind.CAMERA_ONLINE : WebhookKind.CAMERA_OFFLINE,
                    clock.millis(), null, name -> r.unstable() ? unstable(name, r) : r.online()
                            ? new String[] {name + " is back online", "Connected again."}
                            : new String[] {name + " is offline", "No contact for more than "
                                    + words(settings.offlineGrace()) + "."});
        });
    }

    private void eventStarted(StoredEvent e, NotificationKind kind) {
        tell(e.serial(), kind, e.type(), e.startMillis(), e, name -> switch (kind) {
            case MOTION -> new String[] {"Motion at " + name, e.zone().filter(z -> !z.isEmpty())
                    .map(z -> "In zone " + z + ".").orElse("Something moved in the picture.")};
            case SOUND -> new String[] {"Sound at " + name, String.format(java.util.Locale.ROOT,
                    "A sound of %.0f dBFS.", e.score())};
            default -> "night".equals(e.details().get("state"))
                    ? new String[] {name + " switched to night", "Infrared on, black and white."}
                    : new String[] {name + " switched to day", "Back to colour."};
        });
    }

    private void tell(String serial, NotificationKind kind, String webhookKind, long atMillis, StoredEvent event,
                      java.util.function.Function<String, String[]> text) {
        Optional<Device> device = devices.findBySerial(serial);
        if (device.isEmpty() || device.get().ownerId() == null) {
            return; // nobody's camera: nobody to tell
        }
        long owner = device.get().ownerId();
        String name = device.get().name() == null || device.get().name().isBlank() ? serial : device.get().name();
        webhooks.submit(owner, webhookKind, serial, atMillis, event == null ? null : EventJson.of(event, name));
        if (!preferences.of(owner, serial).wants(kind)) {
            return;
        }
        if (event != null && coolingDown(owner + "|" + serial + "|" + kind, atMillis)) {
            return;
        }
        boolean quiet = preferences.quietHours(owner).map(q -> q.contains(clock.instant())).orElse(false);
        String[] words = text.apply(name);
        Notification n = list.add(new NotificationList.New(owner, serial, name, kind, words[0], words[1], atMillis,
                event == null ? null : event.id(), !quiet));
        if (!quiet) {
            push.toUser(owner, "notification", n);
        }
    }

    /**
     * True when an event notification of this key was made less than the cooldown ago; else notes
     * this one. Event times (the cloud's timeline of the camera) may arrive a little out of order.
     */
    private boolean coolingDown(String key, long atMillis) {
        long cooldown = settings.eventCooldown().toMillis();
        Long last = lastEventNotice.get(key);
        if (last != null && Math.abs(atMillis - last) < cooldown) {
            return true;
        }
        lastEventNotice.put(key, atMillis);
        if (lastEventNotice.size() > 100_000) { // bounded: forget the long quiet ones
            lastEventNotice.values().removeIf(t -> Math.abs(atMillis - t) >= cooldown);
        }
        return false;
    }

    private static String[] unstable(String name, FlapDamper.Report r) {
        return new String[] {name + " keeps going offline",
                r.changes() + " changes within " + words(r.window()) + "; it is " + (r.online() ? "online" : "offline")
                        + " now. Further changes are not notified for " + words(r.window()) + "."};
    }

    /** "60 s", "5 min", "2 h". */
    static String words(Duration d) {
        long s = d.toSeconds();
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min";
        }
        return (s / 3600) + " h";
    }

    private static void safely(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("notification failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        presenceThread.shutdownNow();
        eventThread.shutdownNow();
        try {
            eventThread.awaitTermination(5, TimeUnit.SECONDS);
            presenceThread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
