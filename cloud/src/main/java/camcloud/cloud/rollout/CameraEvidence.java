package camcloud.cloud.rollout;

/**
 * What the shared database says about a camera in flight, whichever node it is on: its last update
 * report, the version it last said it runs, its current session, whether it should record, and the
 * video stored since that session began.
 *
 * @param progressStep     the last {@code UpdateStep} it reported (any version); null when none
 * @param runningVersion   what its last Hello said (written by its node within a few heartbeats)
 * @param sessionStartedAt when its current session began, on a live node; null when it is offline
 * @param videoExpected    recording is on for it, continuously (an events-only camera sends video only on events)
 * @param videoUntilMicros the end of the newest segment stored since its session began; null when none
 * @param targetVersion    its firmware target now; null when none
 */
public record CameraEvidence(String serial, String progressVersion, String progressStep, String progressError,
                             long progressAt, String runningVersion, Long sessionStartedAt, boolean videoExpected,
                             Long videoUntilMicros, String targetVersion, long targetSetAt) {
}
