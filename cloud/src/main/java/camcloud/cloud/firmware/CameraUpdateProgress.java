package camcloud.cloud.firmware;

/**
 * The last update step a camera reported.
 *
 * @param step an {@code UpdateStep} name ({@code UPDATE_STEP_WRITING_KERNEL})
 */
public record CameraUpdateProgress(String serial, String version, String step, long bytesDone, long bytesTotal,
                                   String error, long reportedAtMs) {
}
