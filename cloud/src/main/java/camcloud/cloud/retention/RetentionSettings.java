package camcloud.cloud.retention;

/**
 * The node's retention and storage limits; cameras may override the first two in
 * {@code recording_settings}.
 *
 * @param days            keep a camera's video this many days (0: no age limit)
 * @param bytesPerCamera  keep at most this many bytes per camera (0: no limit)
 * @param storageMaxBytes the node's store may hold at most this many bytes (0: no cap); at the cap
 *                        the oldest video of the node is deleted first
 * @param minFreeBytes    keep at least this much space free on the medium
 * @param checkSeconds    how often age and size limits are enforced
 */
public record RetentionSettings(int days, long bytesPerCamera, long storageMaxBytes, long minFreeBytes,
                                int checkSeconds) {

    public static final RetentionSettings DEFAULT = new RetentionSettings(30, 0, 0, 512L * 1024 * 1024, 60);

    public RetentionSettings {
        require(days >= 0 && days <= 36_500, "retention.days", days);
        require(bytesPerCamera >= 0, "retention.bytes", bytesPerCamera);
        require(storageMaxBytes >= 0, "storage.max.bytes", storageMaxBytes);
        require(minFreeBytes >= 0, "storage.min.free.bytes", minFreeBytes);
        require(checkSeconds >= 1, "retention check seconds", checkSeconds);
    }

    private static void require(boolean ok, String name, long value) {
        if (!ok) {
            throw new IllegalArgumentException(name + " has a bad value: " + value);
        }
    }
}
