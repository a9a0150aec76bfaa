package camcloud.cloud.rollout;

/**
 * A rollout as stored. {@code state}: {@code draft}, {@code running}, {@code paused},
 * {@code completed}, {@code cancelled}.
 *
 * @param settingsJson the settings as the operator created it (shown back as they were)
 * @param goesBackFrom the rollout whose cameras this one sends back to an earlier release, if any
 */
public record Rollout(long id, String model, String version, String state, String pauseReason, String settingsJson,
                      RolloutSettings settings, Long goesBackFrom, long createdAt, Long startedAt, Long endedAt) {

    public static final String DRAFT = "draft";
    public static final String RUNNING = "running";
    public static final String PAUSED = "paused";
    public static final String COMPLETED = "completed";
    public static final String CANCELLED = "cancelled";

    /** Draft, running or paused: its cameras are in no other active rollout. */
    public boolean active() {
        return state.equals(DRAFT) || state.equals(RUNNING) || state.equals(PAUSED);
    }
}
