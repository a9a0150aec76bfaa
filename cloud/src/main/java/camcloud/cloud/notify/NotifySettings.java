package camcloud.cloud.notify;

import java.time.Duration;

/**
 * How notifications behave on a node.
 *
 * @param offlineGrace how long a camera must stay offline before its owner is told
 *                     ({@code notify.offline.grace.seconds}, 60): a reconnect within it is nobody's business
 * @param flapMax      at most this many offline/online notifications per camera in {@code flapWindow}, the
 *                     last of them a summary that the camera is unstable ({@code notify.flap.max}, 4)
 * @param flapWindow   the window of {@code flapMax} ({@code notify.flap.window.minutes}, 60)
 * @param listPerUser  notifications kept per user; older ones go (500)
 * @param eventCooldown after an event notification, further events of the same type on the same camera
 *                     notify nobody for this long (60 s): a busy scene is one notification a minute, not a
 *                     stream (every event is still in the events list, and goes to webhooks)
 */
public record NotifySettings(Duration offlineGrace, int flapMax, Duration flapWindow, int listPerUser,
                             Duration eventCooldown) {

    public static final NotifySettings DEFAULT = new NotifySettings(Duration.ofSeconds(60), 4,
            Duration.ofMinutes(60), 500, Duration.ofSeconds(60));

    public NotifySettings {
        if (offlineGrace == null || offlineGrace.isNegative() || offlineGrace.toDays() > 1) {
            throw new IllegalArgumentException("notify.offline.grace.seconds must be from 0 to 86400, was "
                    + (offlineGrace == null ? null : offlineGrace.toMillis() / 1000.0));
        }
        if (flapMax < 2 || flapMax > 1000) {
            throw new IllegalArgumentException("notify.flap.max must be from 2 to 1000, was " + flapMax);
        }
        if (flapWindow == null || flapWindow.toMillis() < 1 || flapWindow.toDays() > 7) {
            throw new IllegalArgumentException("notify.flap.window.minutes must be above 0 and at most 10080, was "
                    + (flapWindow == null ? null : flapWindow.toMillis() / 60_000.0));
        }
        if (eventCooldown == null || eventCooldown.isNegative() || eventCooldown.toDays() > 1) {
            throw new IllegalArgumentException("the event cooldown must be from 0 to a day, was " + eventCooldown);
        }
        if (listPerUser < 1 || listPerUser > 100_000) {
            throw new IllegalArgumentException("notifications kept per user must be from 1 to 100000, was "
                    + listPerUser);
        }
    }

    public NotifySettings withOfflineGrace(Duration grace) {
        return new NotifySettings(grace, flapMax, flapWindow, listPerUser, eventCooldown);
    }

    public NotifySettings withFlapLimit(int max, Duration window) {
        return new NotifySettings(offlineGrace, max, window, listPerUser, eventCooldown);
    }
}
