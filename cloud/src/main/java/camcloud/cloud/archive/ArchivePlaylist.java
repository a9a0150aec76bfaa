package camcloud.cloud.archive;

import camcloud.cloud.recording.Segment;
import camcloud.media.hls.ByteRange;
import camcloud.media.hls.InitMap;
import camcloud.media.hls.MediaSegment;
import camcloud.media.hls.PlaylistType;
import camcloud.media.hls.PlaylistWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The HLS playlist of recorded segments. Every segment file is self-contained (init then
 * fragments), so the playlist never needs separate init files: {@code EXT-X-BYTERANGE} points at a
 * file's fragments, and {@code EXT-X-MAP} at the first {@code initSize} bytes of the first file of
 * each run of segments sharing one init segment — players fetch an init once per run, not once per
 * segment. URIs are {@code segments/{id}.mp4}, relative to
 * {@code /api/cameras/{serial}/archive.m3u8} (the extension because ffmpeg's HLS demuxer refuses
 * segment URLs without a media file extension). {@code EXT-X-DISCONTINUITY} comes before a segment
 * after a gap or a format change.
 *
 * <p>A run ends where the init may change: at another codec, picture size or init size, and at
 * every segment the recorder flagged as a discontinuity (a format change is flagged so, and one
 * that keeps size and codec — a new frame rate — changes the init bytes all the same; at a mere
 * gap this costs one extra init request). The recorder writes the init from the stream's
 * parameter sets alone, so within a run the init bytes are identical.
 *
 * <p>How the playlist ends is {@link RangeCompletion}'s call: a growing range is an EVENT that
 * players start at its beginning ({@code EXT-X-START:TIME-OFFSET=0}) and reload; reloads only
 * append segments (the recorder only adds segments after a camera's latest one) and, at the end,
 * {@code EXT-X-ENDLIST}.
 */
public final class ArchivePlaylist {

    private ArchivePlaylist() {
    }

    /**
     * @param segments in time order
     * @param type     from {@link RangeCompletion}
     */
    public static String of(List<Segment> segments, PlaylistType type) {
        List<MediaSegment> media = new ArrayList<>(segments.size());
        Segment runStart = null;
        InitMap map = null;
        for (Segment s : segments) {
            if (s.durationTicks() <= 0 || s.sizeBytes() <= s.initSize()) {
                continue; // nothing playable (never written by the recorder; skip rather than break players)
            }
            String uri = "segments/" + s.id() + ".mp4";
            if (runStart == null || mayChangeInit(runStart, s)) {
                runStart = s;
                map = new InitMap(uri, new ByteRange(s.initSize(), 0));
            }
            media.add(new MediaSegment(uri, new ByteRange(s.sizeBytes() - s.initSize(), s.initSize()), map,
                    TimeRange.instantOfMicros(s.startMicros()), s.durationTicks() / (double) s.timescale(),
                    s.discontinuity()));
        }
        PlaylistWriter writer = PlaylistWriter.standard();
        return (type == PlaylistType.VOD ? writer : writer.startingAt(0)).write(media, type);
    }

    /** {@code next} may not share the init segment of the run {@code runStart} began. */
    static boolean mayChangeInit(Segment runStart, Segment next) {
        return next.discontinuity() || next.initSize() != runStart.initSize() || !next.codec().equals(runStart.codec())
                || next.width() != runStart.width() || next.height() != runStart.height();
    }
}
