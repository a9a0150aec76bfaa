package camcloud.cloud.rollout;

import java.util.Locale;

/**
 * Where one camera of a rollout stands. The order is the order of an update: a camera only moves
 * forward ({@code pending → offered → downloading → installing → rebooted → healthy}), or ends
 * {@link #FAILED} (with a reason) or {@link #SKIPPED} (it left the target, or the rollout was
 * cancelled before it started downloading).
 */
public enum CameraState {
    PENDING, OFFERED, DOWNLOADING, INSTALLING, REBOOTED, HEALTHY, FAILED, SKIPPED;

    /** As the API and the database write it: {@code downloading}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CameraState of(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }

    /** Told of the update and not finished with it: the driver follows these. */
    public boolean inFlight() {
        return this == OFFERED || this == DOWNLOADING || this == INSTALLING || this == REBOOTED;
    }

    /** Counts against the rollout's cap on concurrent downloads (told, and not rebooted yet). */
    public boolean downloading() {
        return this == OFFERED || this == DOWNLOADING || this == INSTALLING;
    }

    public boolean finished() {
        return this == HEALTHY || this == FAILED;
    }
}
