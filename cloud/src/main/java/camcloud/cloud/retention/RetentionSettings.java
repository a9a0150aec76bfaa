package camcloud.cloud.retention;

/**
 * The node's retention and storage limits; cameras may override the ages and the bytes in
 * {@code recording_settings}.
 *
 * @param days            keep a camera's continuous video this many days (0: no age limit)
 * @param bytesPerCamera  keep at most this many bytes per camera (0: no limit)
 * @param storageMaxBytes the node's store may hold at most this many bytes (0: no cap); at the cap
 *                        the oldest video of the node is deleted first
 * @param minFreeBytes    keep at least this much space free on the medium
 * @param checkSeconds    how often age and size limits are enforced
 * @param eventDays       keep event clips (cameras that record events only) this many days (0: no age limit)
 */
public record RetentionSettings(int days, long bytesPerCamera, long storageMaxBytes, long minFreeBytes,
                                int checkSeconds, int eventDays) {

    /** Event clips are few and are what an owner looks for: kept three months unless told otherwise. */
    public static final int DEFAULT_EVENT_DAYS = 90;
    public static final RetentionSettings DEFAULT = new RetentionSettings(30, 0, 0, 512L * 1024 * 1024, 60);

    /** Event clips kept {@link #eventDaysFor(int) by default}. */
    public RetentionSettings(int days, long bytesPerCamera, long storageMaxBytes, long minFreeBytes, int checkSeconds) {
        this(days, bytesPerCamera, storageMaxBytes, minFreeBytes, checkSeconds, eventDaysFor(days));
    }

    /** The default age of event clips next to continuous video kept {@code days}: never shorter, at least {@link #DEFAULT_EVENT_DAYS}. */
    public static int eventDaysFor(int days) {
        return days == 0 ? 0 : Math.max(days, DEFAULT_EVENT_DAYS);
    }

    public RetentionSettings withEventDays(int eventDays) {
        return new RetentionSettings(days, bytesPerCamera, storageMaxBytes, minFreeBytes, checkSeconds, eventDays);
    }

    public RetentionSettings {
        require(days >= 0 && days <= 36_500, "retention.days", days);
        require(eventDays >= 0 && eventDays <= 36_500, "retention.event.days", eventDays);
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
