package camcloud.media.hls;

import java.time.Instant;

/**
 * One recorded segment as a playlist lists it.
 *
 * @param uri             the segment (absolute or relative to the playlist)
 * @param range           the fragments' bytes inside {@code uri}, or null for the whole resource
 * @param map             the init segment it needs
 * @param start           wall-clock time of its first frame, on the cloud's timeline
 * @param durationSeconds its length (sum of sample durations), more than zero
 * @param discontinuity   something other than a time gap breaks continuity before it (a format
 *                        change): the playlist puts {@code EXT-X-DISCONTINUITY} before it even
 *                        when it follows the previous segment without a hole
 */
public record MediaSegment(String uri, ByteRange range, InitMap map, Instant start, double durationSeconds,
                           boolean discontinuity) {

    /** A segment whose continuity with the previous one is decided by time alone. */
    public MediaSegment(String uri, ByteRange range, InitMap map, Instant start, double durationSeconds) {
        this(uri, range, map, start, durationSeconds, false);
    }

    public MediaSegment {
        checkUri(uri);
        if (map == null || start == null) {
            throw new IllegalArgumentException("segment " + uri + " needs an init map and a start time");
        }
        if (!(durationSeconds > 0) || Double.isInfinite(durationSeconds)) {
            throw new IllegalArgumentException("segment " + uri + " has a bad duration " + durationSeconds);
        }
    }

    /** When the segment's last frame ends. */
    public Instant end() {
        return start.plusNanos(Math.round(durationSeconds * 1e9));
    }

    static void checkUri(String uri) {
        if (uri == null || uri.isEmpty() || uri.chars().anyMatch(c -> c == '"' || c == '\n' || c == '\r')) {
            throw new IllegalArgumentException("playlist URI must be non-empty without quotes or line breaks: " + uri);
        }
    }
}
