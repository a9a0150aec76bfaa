package camcloud.cloud.archive;

import camcloud.cloud.recording.IndexingProgress;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.media.hls.PlaylistType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

/**
 * Whether a camera's archive range {@code [from, to)} can still gain video, and so how its playlist
 * ends. A range is <em>complete</em> when {@code to} has passed and the recorder has indexed all it
 * will record before {@code to}:
 * <ul>
 * <li>the camera's latest indexed segment ends at or after {@code to} — the recorder never places
 *     a segment before the end of the latest one, so nothing can come in before {@code to}; or
 * <li>this node's recorder holds nothing of the camera before {@code to} (no open segment covering
 *     it, no unit in hand or queued: the camera is offline, paused or not recording), and
 *     {@link #IN_FLIGHT} has passed since {@code to} for units still on their way from a camera.
 * </ul>
 * Before that the playlist is an {@link PlaylistType#EVENT}: players reload it and it only grows at
 * its end. Once complete it is an {@link PlaylistType#ENDED_EVENT} (the same, plus
 * {@code EXT-X-ENDLIST}) while a player that loaded it open may still be reloading it — a
 * playlist's type never changes under a player — and a {@link PlaylistType#VOD} when {@code to} is
 * {@link #RECENT} or more in the past.
 *
 * <p>What it cannot know: a camera that is offline now may come back and upload the video it
 * buffered during the outage (up to its upload buffer, typically under a minute); that video lands
 * after the camera's last segment, possibly inside a range already called complete. And the
 * recorder it asks is this node's: a deployment of several nodes must ask the node recording the
 * camera.
 */
public final class RangeCompletion {

    /** How long after capture a streaming camera's unit may still be on its way to the recorder. */
    public static final Duration IN_FLIGHT = Duration.ofSeconds(2);
    /** A complete range that ended less than this ago ends as an EVENT; an older one is VOD. */
    public static final Duration RECENT = Duration.ofMinutes(10);

    private final SegmentIndex index;
    private final IndexingProgress recording;
    private final Clock clock;

    public RangeCompletion(SegmentIndex index, IndexingProgress recording, Clock clock) {
        this.index = index;
        this.recording = recording;
        this.clock = clock;
    }

    /**
     * The playlist type of {@code range} now. Call it before listing the range's segments: it asks
     * the recorder first and the index second, so every segment it counted on is in a listing made
     * after it.
     */
    public PlaylistType of(String serial, TimeRange range) {
        Instant now = clock.instant();
        if (range.to().isAfter(now)) {
            return PlaylistType.EVENT;
        }
        OptionalLong unindexedSince = recording.unindexedSince(serial);
        OptionalLong latestEnd = index.latest(serial).map(s -> OptionalLong.of(s.endMicros()))
                .orElse(OptionalLong.empty());
        return decide(range, now, latestEnd, unindexedSince);
    }

    /**
     * The rule itself.
     *
     * @param latestEndMicros      end of the camera's latest indexed segment, if any
     * @param unindexedSinceMicros earliest video the recorder holds unindexed, if any
     */
    static PlaylistType decide(TimeRange range, Instant now, OptionalLong latestEndMicros,
                               OptionalLong unindexedSinceMicros) {
        long to = range.toMicros();
        long sinceTo = TimeRange.micros(now) - to;
        if (sinceTo < 0) {
            return PlaylistType.EVENT;
        }
        boolean indexedPastTo = latestEndMicros.isPresent() && latestEndMicros.getAsLong() >= to;
        boolean nothingPendingBeforeTo = (unindexedSinceMicros.isEmpty() || unindexedSinceMicros.getAsLong() >= to)
                && sinceTo >= IN_FLIGHT.toNanos() / 1000;
        if (!indexedPastTo && !nothingPendingBeforeTo) {
            return PlaylistType.EVENT;
        }
        return sinceTo >= RECENT.toNanos() / 1000 ? PlaylistType.VOD : PlaylistType.ENDED_EVENT;
    }
}
