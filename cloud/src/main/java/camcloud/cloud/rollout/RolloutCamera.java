package camcloud.cloud.rollout;

/**
 * One camera of a rollout.
 *
 * @param offerOrder  its place in the rollout's order of offers (waves, then serial hash)
 * @param reason      why it failed ({@link FailureReason}); null otherwise
 * @param detail      the camera's or the cloud's words about the failure or skip; null otherwise
 * @param fromVersion what it ran when the rollout was created (null: it never said)
 * @param offeredAt   when its target was set; null while pending
 * @param cameBackAt  when its session on the new version began; null before
 */
public record RolloutCamera(String serial, int wave, long offerOrder, CameraState state, String reason, String detail,
                            String fromVersion, Long offeredAt, Long cameBackAt, long updatedAt) {

    RolloutCamera moved(CameraState to, String reason, String detail, Long cameBackAt, long now) {
        return new RolloutCamera(serial, wave, offerOrder, to, reason, detail, fromVersion, offeredAt, cameBackAt, now);
    }
}
