package camcloud.cloud.firmware;

/**
 * The version an operator set for a camera, and when: update reports from before {@code setAtMs}
 * belong to an earlier attempt.
 */
public record CameraTarget(String version, long setAtMs) {
}
