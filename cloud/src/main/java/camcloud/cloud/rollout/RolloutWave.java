package camcloud.cloud.rollout;

/**
 * One wave of a rollout. {@code state}: {@code waiting}, {@code running}, {@code succeeded},
 * {@code failed} (its error threshold was passed, or too few of its finished cameras were healthy),
 * {@code cancelled}.
 */
public record RolloutWave(long rolloutId, int index, String label, String state, Long startedAt, Long endedAt) {

    public static final String WAITING = "waiting";
    public static final String RUNNING = "running";
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    /** Started: its pending cameras are offered while the rollout runs. */
    public boolean started() {
        return !state.equals(WAITING) && !state.equals(CANCELLED);
    }

    /** Judged: the next wave may start (a failed wave only once an operator resumed the rollout). */
    public boolean judged() {
        return state.equals(SUCCEEDED) || state.equals(FAILED);
    }
}
