package camcloud.cloud.webhook;

import java.util.List;

/** The kinds a webhook can choose, as they travel in its deliveries' {@code kind}. */
public final class WebhookKind {

    public static final String MOTION = "motion";
    public static final String SOUND = "sound";
    public static final String DAY_NIGHT = "day_night";
    public static final String CAMERA_OFFLINE = "camera.offline";
    public static final String CAMERA_ONLINE = "camera.online";
    /** Sent only by {@code POST /api/webhooks/{id}/test}, to every webhook whatever it chose. */
    public static final String TEST = "test";

    /** Every kind a webhook may choose; a new webhook without a choice gets all of them. */
    public static final List<String> ALL = List.of(MOTION, SOUND, DAY_NIGHT, CAMERA_OFFLINE, CAMERA_ONLINE);

    private WebhookKind() {
    }
}
