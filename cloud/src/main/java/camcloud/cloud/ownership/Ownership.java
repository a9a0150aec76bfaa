package camcloud.cloud.ownership;

/**
 * One user's ownership of one camera, from the claim to the release. The video recorded in that time
 * is theirs: while they own the camera, and after they release it if they chose to keep it (until
 * its retention ends).
 *
 * @param toMicros      release time, null while the ownership lasts
 * @param kept          after release: the former owner keeps the recordings (false: they were deleted)
 * @param retentionDays after release with recordings kept: the camera's retention at release, days
 *                      (null: the node's default)
 * @param name          after release: the name the owner had given the camera (for their list)
 */
public record Ownership(long id, String serial, long ownerId, long fromMicros, Long toMicros, boolean kept,
                        Integer retentionDays, String name) {

    public boolean current() {
        return toMicros == null;
    }

    public VideoWindow window() {
        return new VideoWindow(fromMicros, toMicros == null ? Long.MAX_VALUE : toMicros);
    }
}
