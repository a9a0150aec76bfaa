package camcloud.cloud.ingest;

/**
 * The media budget of one camera connection (sustained rates; bursts of
 * {@link MediaBudget#BURST_SECONDS} seconds' worth are allowed). A camera over it is disconnected
 * with Goodbye RATE_LIMITED; other cameras are not affected.
 *
 * @param framesPerSecond media frames (units, configs, gaps) per second
 * @param bytesPerSecond  media payload bytes per second
 */
public record MediaLimits(int framesPerSecond, long bytesPerSecond) {

    /** 200 frames/s and 8 MB/s: four high-bitrate 4K streams' worth, plenty for uploading a buffer. */
    public static final MediaLimits DEFAULT = new MediaLimits(200, 8L * 1024 * 1024);

    public MediaLimits {
        if (framesPerSecond < 1) {
            throw new IllegalArgumentException("media.frames.per.second must be at least 1, was " + framesPerSecond);
        }
        if (bytesPerSecond < 1024) {
            throw new IllegalArgumentException("media.bytes.per.second must be at least 1024, was " + bytesPerSecond);
        }
    }
}
