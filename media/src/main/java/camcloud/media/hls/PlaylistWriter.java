package camcloud.media.hls;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Writes the HLS media playlist (RFC 8216, version 7) of an archive time range of fMP4 segments:
 * {@code EXT-X-MAP} whenever the init segment changes, {@code EXT-X-PROGRAM-DATE-TIME} on every
 * segment so players show wall-clock time, and {@code EXT-X-DISCONTINUITY} wherever the recording
 * has a gap or a segment says it does not continue the previous one (a format change) — a gap is
 * never hidden by stitching segments together.
 *
 * <pre>{@code
 * String m3u8 = PlaylistWriter.standard().write(segments, PlaylistType.VOD); // complete range: VOD + ENDLIST
 * String open = PlaylistWriter.standard().startingAt(0).write(segments, PlaylistType.EVENT); // still growing
 * }</pre>
 */
public final class PlaylistWriter {

    /** A gap longer than this between one segment's end and the next's start is a discontinuity. */
    public static final Duration DEFAULT_GAP_TOLERANCE = Duration.ofMillis(500);

    private static final DateTimeFormatter PROGRAM_DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneOffset.UTC);

    private final Duration gapTolerance;
    private final Double startOffset;

    /** @param gapTolerance the largest hole (or overlap) between segments that is not a discontinuity */
    public PlaylistWriter(Duration gapTolerance) {
        this(gapTolerance, null);
    }

    private PlaylistWriter(Duration gapTolerance, Double startOffset) {
        if (gapTolerance.isNegative()) {
            throw new IllegalArgumentException("gapTolerance must not be negative, was " + gapTolerance);
        }
        this.gapTolerance = gapTolerance;
        this.startOffset = startOffset;
    }

    /**
     * A writer that adds {@code EXT-X-START:TIME-OFFSET=seconds} (RFC 8216 4.3.5.2): where players
     * begin. {@code 0} makes them start a playlist that is still growing at its first segment, where
     * they would otherwise join at the live edge.
     */
    public PlaylistWriter startingAt(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("start offset must be a number of seconds, was " + seconds);
        }
        return new PlaylistWriter(gapTolerance, seconds);
    }

    public static PlaylistWriter standard() {
        return new PlaylistWriter(DEFAULT_GAP_TOLERANCE);
    }

    /**
     * The playlist of {@code segments}, in time order.
     *
     * @param type whether it is complete ({@code EXT-X-ENDLIST}) and how it may still change
     */
    public String write(List<MediaSegment> segments, PlaylistType type) {
        return write(segments, type, 0);
    }

    /** As {@link #write(List, PlaylistType)}, with the media sequence number of the first segment. */
    public String write(List<MediaSegment> segments, PlaylistType type, long mediaSequence) {
        StringBuilder out = new StringBuilder(128 + segments.size() * 160);
        out.append("#EXTM3U\n#EXT-X-VERSION:7\n");
        out.append("#EXT-X-TARGETDURATION:").append(targetDuration(segments)).append('\n');
        out.append("#EXT-X-MEDIA-SEQUENCE:").append(mediaSequence).append('\n');
        if (type.tag() != null) {
            out.append("#EXT-X-PLAYLIST-TYPE:").append(type.tag()).append('\n');
        }
        out.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (startOffset != null) {
            out.append(String.format(Locale.ROOT, "#EXT-X-START:TIME-OFFSET=%.3f\n", startOffset));
        }
        MediaSegment previous = null;
        for (MediaSegment segment : segments) {
            if (previous != null && (segment.discontinuity() || isGap(previous, segment))) {
                out.append("#EXT-X-DISCONTINUITY\n");
            }
            if (previous == null || !segment.map().equals(previous.map())) {
                out.append("#EXT-X-MAP:URI=\"").append(segment.map().uri()).append('"');
                if (segment.map().range() != null) {
                    out.append(",BYTERANGE=\"").append(segment.map().range()).append('"');
                }
                out.append('\n');
            }
            out.append("#EXT-X-PROGRAM-DATE-TIME:").append(PROGRAM_DATE_TIME.format(segment.start())).append('\n');
            out.append(String.format(Locale.ROOT, "#EXTINF:%.3f,\n", segment.durationSeconds()));
            if (segment.range() != null) {
                out.append("#EXT-X-BYTERANGE:").append(segment.range()).append('\n');
            }
            out.append(segment.uri()).append('\n');
            previous = segment;
        }
        if (type.ended()) {
            out.append("#EXT-X-ENDLIST\n");
        }
        return out.toString();
    }

    /** True when {@code next} does not continue {@code previous} within the tolerance. */
    boolean isGap(MediaSegment previous, MediaSegment next) {
        Instant expected = previous.end();
        Duration hole = Duration.between(expected, next.start()).abs();
        return hole.compareTo(gapTolerance) > 0;
    }

    /** RFC 8216 4.3.3.1: every EXTINF rounded to the nearest integer is at most the target. */
    static long targetDuration(List<MediaSegment> segments) {
        long target = 1;
        for (MediaSegment segment : segments) {
            target = Math.max(target, Math.round(segment.durationSeconds()));
        }
        return target;
    }
}
