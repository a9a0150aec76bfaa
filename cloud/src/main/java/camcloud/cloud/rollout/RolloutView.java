package camcloud.cloud.rollout;

import java.util.List;
import java.util.Map;

/**
 * A rollout as the API shows it: the row, its waves with their cameras per state, and its failed
 * cameras by reason (at most {@link Rollouts#FAILURES_SHOWN} serials per reason; the cameras
 * endpoint lists all).
 *
 * @param drivenBy the node holding the driver lease, null when none does
 */
public record RolloutView(Rollout rollout, List<RolloutWave> waves, Map<Integer, Map<CameraState, Integer>> counts,
                          List<Failure> failures, String drivenBy) {

    /** The failed cameras of one reason. */
    public record Failure(String reason, int count, List<String> cameras) {
    }
}
