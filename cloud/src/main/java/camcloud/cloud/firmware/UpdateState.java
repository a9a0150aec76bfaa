package camcloud.cloud.firmware;

import java.util.Locale;
import java.util.Optional;

/**
 * Where a camera's update to its target stands, as the cloud derives it (the camera reports steps,
 * never a state): the camera runs the target → {@link #INSTALLED} (it reconnected after its reboot
 * with the new version); else the last step it reported for the target since the target was set →
 * {@link #FAILED} (refused, or a write failed — a camera that failed a write recovers and retries by
 * itself, and its next step makes it {@link #IN_PROGRESS} again) or {@link #IN_PROGRESS}; nothing
 * reported yet → {@link #PENDING}; no target → {@link #NONE}.
 */
public enum UpdateState {
    NONE, PENDING, IN_PROGRESS, FAILED, INSTALLED;

    private static final String REFUSED = "UPDATE_STEP_REFUSED";
    private static final String WRITE_FAILED = "UPDATE_STEP_FAILED";

    /**
     * @param runningVersion what the camera runs now (or last said it ran); null when unknown
     */
    public static UpdateState of(Optional<CameraTarget> target, String runningVersion,
                                 Optional<CameraUpdateProgress> last) {
        if (target.isEmpty()) {
            return NONE;
        }
        CameraTarget t = target.get();
        if (t.version().equals(runningVersion)) {
            return INSTALLED;
        }
        Optional<CameraUpdateProgress> forTarget = last.filter(p -> p.version().equals(t.version())
                && p.reportedAtMs() >= t.setAtMs());
        if (forTarget.isEmpty()) {
            return PENDING;
        }
        String step = forTarget.get().step();
        return step.equals(REFUSED) || step.equals(WRITE_FAILED) ? FAILED : IN_PROGRESS;
    }

    /** As the API writes it: {@code in-progress}. */
    public String text() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
