package camcloud.cloud.rollout;

import java.time.Duration;
import java.util.Optional;

/**
 * Moves one camera of a rollout on from what the database shows ({@link CameraEvidence}); a pure
 * function of its inputs, so every node judges the same camera the same way.
 *
 * <ul>
 *   <li>Its update reports for the rollout's version since the offer: downloading, installing
 *       (verified, writing; a failed write too — the camera recovers and goes on by itself),
 *       rebooted; refused → failed, the reason from its words ({@link FailureReason#ofRefusal}).</li>
 *   <li><b>Came back</b>: online on the new version in a session begun after the offer.</li>
 *   <li><b>Healthy</b>: came back at T, still in that session at T + settle, and the video stored
 *       since T reaches T + settle − one segment (the segment being written). A camera that does not
 *       record continuously (recording off, events only) cannot show video: online through the settle
 *       time is all it can prove.</li>
 *   <li><b>No video</b>: came back, but by T + settle + two segments the video stored since T does not
 *       reach T + settle − one segment.</li>
 *   <li><b>Timeout</b>: not back on the new version by offer + camera timeout; reported as
 *       {@code old-version} when it rebooted for the update and is online on another version.</li>
 * </ul>
 */
public final class CameraHealth {

    private static final String REFUSED = "UPDATE_STEP_REFUSED";
    private static final String DOWNLOADING = "UPDATE_STEP_DOWNLOADING";
    private static final String REBOOTING = "UPDATE_STEP_REBOOTING";
    private static final String WRITE_FAILED = "UPDATE_STEP_FAILED";

    private final long segmentMillis;

    /** @param segmentLength how long the recorder's segments are (video lags the camera by about one) */
    public CameraHealth(Duration segmentLength) {
        this.segmentMillis = segmentLength.toMillis();
    }

    /** The camera moved on, or empty when nothing changed. Only for cameras in flight. */
    public Optional<RolloutCamera> next(RolloutCamera c, CameraEvidence e, String version, RolloutSettings s,
                                        long now) {
        long offeredAt = c.offeredAt();
        long settle = s.settle().toMillis();
        boolean back = version.equals(e.runningVersion()) && e.sessionStartedAt() != null
                && e.sessionStartedAt() >= offeredAt;
        if (back) {
            long t = e.sessionStartedAt();
            boolean settled = now >= t + settle;
            long needed = (t + settle - segmentMillis) * 1000;
            boolean recorded = !e.videoExpected()
                    || e.videoUntilMicros() != null && e.videoUntilMicros() >= Math.max(needed, t * 1000 + 1);
            if (settled && recorded) {
                return Optional.of(c.moved(CameraState.HEALTHY, null, null, t, now));
            }
            if (!recorded && now >= t + settle + 2 * segmentMillis) {
                return Optional.of(c.moved(CameraState.FAILED, FailureReason.NO_VIDEO, e.videoUntilMicros() == null
                        ? "no video stored since it came back on " + version
                        : "its video stopped after it came back on " + version, t, now));
            }
            if (c.state() != CameraState.REBOOTED || c.cameBackAt() == null || c.cameBackAt() != t) {
                return Optional.of(c.moved(CameraState.REBOOTED, null, null, t, now));
            }
            return Optional.empty();
        }
        boolean forThisOffer = version.equals(e.progressVersion()) && e.progressAt() >= offeredAt
                && e.progressStep() != null;
        String step = forThisOffer ? e.progressStep() : null;
        if (REFUSED.equals(step)) {
            return Optional.of(c.moved(CameraState.FAILED, FailureReason.ofRefusal(e.progressError()),
                    e.progressError(), null, now));
        }
        if (now >= offeredAt + s.cameraTimeout().toMillis()) {
            boolean rebooted = REBOOTING.equals(step) || WRITE_FAILED.equals(step);
            boolean onOther = e.sessionStartedAt() != null && e.sessionStartedAt() >= e.progressAt()
                    && e.runningVersion() != null && !version.equals(e.runningVersion());
            if (rebooted && onOther) {
                return Optional.of(c.moved(CameraState.FAILED, FailureReason.OLD_VERSION, "came back on "
                        + e.runningVersion() + " after installing " + version, null, now));
            }
            return Optional.of(c.moved(CameraState.FAILED, FailureReason.TIMEOUT, "not back on " + version
                    + " within " + s.cameraTimeout().toSeconds() + " s of the offer"
                    + (step == null ? "" : " (last report: " + step + ")"), null, now));
        }
        CameraState reported = step == null ? CameraState.OFFERED : switch (step) {
            case DOWNLOADING -> CameraState.DOWNLOADING;
            case REBOOTING -> CameraState.REBOOTED;
            default -> CameraState.INSTALLING;
        };
        if (reported.ordinal() > c.state().ordinal()) {
            return Optional.of(c.moved(reported, null, null, c.cameBackAt(), now));
        }
        return Optional.empty();
    }
}
