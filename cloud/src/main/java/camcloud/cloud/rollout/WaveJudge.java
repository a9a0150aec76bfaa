package camcloud.cloud.rollout;

import java.util.Map;

/**
 * Whether a running wave is done, from the counts of its cameras per state; a pure function.
 *
 * <ul>
 *   <li><b>Fails</b> (the rollout pauses itself) when more than the error threshold of its finished
 *       cameras failed, once at least {@code minFinished} of them finished (all of them, in a wave
 *       smaller than that).</li>
 *   <li><b>Succeeds</b> when the healthy cameras reach the success threshold of its cameras.</li>
 *   <li>Cameras offline all along stay pending and are offered whenever they connect, so a wave does
 *       not wait for them for ever: once a camera timeout has passed since the wave started, no camera
 *       is in flight and none of its pending cameras is online, it is judged on its finished cameras
 *       only — succeeded when the healthy ones reach the success threshold of them, failed otherwise
 *       (and it keeps waiting while none finished).</li>
 * </ul>
 */
public final class WaveJudge {

    /** What happens to the wave. */
    public record Verdict(String state, String reason) {
        static final Verdict GOES_ON = new Verdict(RolloutWave.RUNNING, null);
    }

    private WaveJudge() {
    }

    /**
     * @param counts        its cameras per state (skipped ones do not count)
     * @param pendingOnline its pending cameras that are online now (waiting for room under the cap)
     */
    public static Verdict judge(RolloutWave wave, Map<CameraState, Integer> counts, int pendingOnline,
                                RolloutSettings s, long now) {
        int healthy = counts.getOrDefault(CameraState.HEALTHY, 0);
        int failed = counts.getOrDefault(CameraState.FAILED, 0);
        int size = 0;
        int inFlight = 0;
        for (Map.Entry<CameraState, Integer> e : counts.entrySet()) {
            if (e.getKey() != CameraState.SKIPPED) {
                size += e.getValue();
            }
            if (e.getKey().inFlight()) {
                inFlight += e.getValue();
            }
        }
        int finished = healthy + failed;
        String name = "wave " + (wave.index() + 1) + " (" + wave.label() + ")";
        if (finished > 0 && finished >= Math.min(s.minFinished(), size)
                && failed * 100L > (long) s.errorThreshold() * finished) {
            return new Verdict(RolloutWave.FAILED, name + ": " + failed + " of " + finished
                    + " finished cameras failed (" + percent(failed, finished) + " % > " + s.errorThreshold() + " %)");
        }
        if (size == 0 || healthy * 100L >= (long) s.successThreshold() * size) {
            return new Verdict(RolloutWave.SUCCEEDED, null);
        }
        boolean waitedLongEnough = wave.startedAt() != null
                && now >= wave.startedAt() + s.cameraTimeout().toMillis();
        if (waitedLongEnough && inFlight == 0 && pendingOnline == 0 && finished > 0) {
            if (healthy * 100L >= (long) s.successThreshold() * finished) {
                return new Verdict(RolloutWave.SUCCEEDED, null);
            }
            return new Verdict(RolloutWave.FAILED, name + ": only " + healthy + " of " + finished
                    + " finished cameras are healthy (" + percent(healthy, finished) + " % < " + s.successThreshold()
                    + " %)");
        }
        return Verdict.GOES_ON;
    }

    private static long percent(int part, int whole) {
        return Math.round(part * 100.0 / whole);
    }
}
