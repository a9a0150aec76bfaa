package camcloud.cloud.archive;

import camcloud.cloud.recording.Segment;
import camcloud.media.hls.ByteRange;
import camcloud.media.hls.InitMap;
import camcloud.media.hls.MediaSegment;
import camcloud.media.hls.PlaylistWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The HLS playlist of recorded segments. Every segment file is self-contained (init then
 * fragments), so the playlist never needs separate init files: {@code EXT-X-MAP} points at the
 * file's first {@code initSize} bytes and {@code EXT-X-BYTERANGE} at the rest. URIs are
 * {@code segments/{id}.mp4}, relative to {@code /api/cameras/{serial}/archive.m3u8} (the extension
 * because ffmpeg's HLS demuxer refuses segment URLs without a media file extension).
 * {@code EXT-X-DISCONTINUITY} comes before a segment after a gap or a format change.
 */
public final class ArchivePlaylist {

    private ArchivePlaylist() {
    }

    /**
     * @param segments in time order
     * @param closed   the range lies in the past: VOD with {@code EXT-X-ENDLIST}
     */
    public static String of(List<Segment> segments, boolean closed) {
        List<MediaSegment> media = new ArrayList<>(segments.size());
        for (Segment s : segments) {
            if (s.durationTicks() <= 0 || s.sizeBytes() <= s.initSize()) {
                continue; // nothing playable (never written by the recorder; skip rather than break players)
            }
            String uri = "segments/" + s.id() + ".mp4";
            media.add(new MediaSegment(uri, new ByteRange(s.sizeBytes() - s.initSize(), s.initSize()),
                    new InitMap(uri, new ByteRange(s.initSize(), 0)), TimeRange.instantOfMicros(s.startMicros()),
                    s.durationTicks() / (double) s.timescale(), s.discontinuity()));
        }
        return PlaylistWriter.standard().write(media, closed);
    }
}
