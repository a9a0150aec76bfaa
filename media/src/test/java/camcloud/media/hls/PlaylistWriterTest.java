package camcloud.media.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.media.fmp4.InitSegment;
import camcloud.media.fmp4.Recording;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.AccessUnitAssembler;
import camcloud.media.testing.Ffmpeg;
import camcloud.media.testing.TestStreams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlaylistWriterTest {

    /**
     * The second run continues the decode timeline after the 26 s gap. Restarting it at zero makes
     * ffmpeg drop the first fragment after the discontinuity, which is why recorders keep decode
     * time monotonic per camera (see SegmentWriter).
     */
    private static final long RUN2_START = 30_000_000L;
    private static final Instant T0 = Instant.parse("2026-11-23T19:00:00Z");

    @TempDir
    Path dir;

    @Test
    void writesVersionSevenVodPlaylistWithMapDateTimeAndDiscontinuityAtGap() {
        InitMap map = InitMap.of("init.mp4");
        List<MediaSegment> segments = List.of(
                new MediaSegment("a.m4s", null, map, T0, 4.0),
                new MediaSegment("b.m4s", null, map, T0.plusMillis(4_000), 4.4),
                new MediaSegment("c.m4s", null, map, T0.plusSeconds(60), 2.0));
        String playlist = PlaylistWriter.standard().write(segments, PlaylistType.VOD);
        assertThat(playlist).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-MAP:URI="init.mp4"
                #EXT-X-PROGRAM-DATE-TIME:2026-11-23T19:00:00.000Z
                #EXTINF:4.000,
                a.m4s
                #EXT-X-PROGRAM-DATE-TIME:2026-11-23T19:00:04.000Z
                #EXTINF:4.400,
                b.m4s
                #EXT-X-DISCONTINUITY
                #EXT-X-PROGRAM-DATE-TIME:2026-11-23T19:01:00.000Z
                #EXTINF:2.000,
                c.m4s
                #EXT-X-ENDLIST
                """);
    }

    @Test
    void liveWindowHasNoTypeNoEndListAndTargetDurationRoundsUp() {
        InitMap map = new InitMap("s1.mp4", new ByteRange(700, 0));
        String playlist = PlaylistWriter.standard().write(List.of(
                new MediaSegment("s1.mp4", new ByteRange(5000, 700), map, T0, 4.6)), PlaylistType.LIVE, 17);
        assertThat(playlist).contains("#EXT-X-TARGETDURATION:5\n", "#EXT-X-MEDIA-SEQUENCE:17\n",
                "#EXT-X-MAP:URI=\"s1.mp4\",BYTERANGE=\"700@0\"\n", "#EXT-X-BYTERANGE:5000@700\n");
        assertThat(playlist).doesNotContain("ENDLIST", "PLAYLIST-TYPE");
    }

    /**
     * A growing range is an EVENT that players start at its beginning; reloaded later it has only
     * gained lines at its end, the last of them EXT-X-ENDLIST, and its type has not changed.
     */
    @Test
    void anEventOnlyGrowsAtItsEndAndEndsWithoutChangingItsType() {
        InitMap map = new InitMap("s1.mp4", new ByteRange(700, 0));
        MediaSegment first = new MediaSegment("s1.mp4", new ByteRange(5000, 700), map, T0, 4.0);
        MediaSegment second = new MediaSegment("s2.mp4", new ByteRange(5000, 700), map, T0.plusSeconds(4), 4.0);
        PlaylistWriter writer = PlaylistWriter.standard().startingAt(0);
        String open = writer.write(List.of(first), PlaylistType.EVENT);
        String ended = writer.write(List.of(first, second), PlaylistType.ENDED_EVENT);
        assertThat(open).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-TARGETDURATION:4
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-START:TIME-OFFSET=0.000
                #EXT-X-MAP:URI="s1.mp4",BYTERANGE="700@0"
                #EXT-X-PROGRAM-DATE-TIME:2026-11-23T19:00:00.000Z
                #EXTINF:4.000,
                #EXT-X-BYTERANGE:5000@700
                s1.mp4
                """);
        assertThat(ended).startsWith(open).endsWith("""
                #EXT-X-PROGRAM-DATE-TIME:2026-11-23T19:00:04.000Z
                #EXTINF:4.000,
                #EXT-X-BYTERANGE:5000@700
                s2.mp4
                #EXT-X-ENDLIST
                """);
        assertThat(ended).as("one init for both: the map is not repeated").containsOnlyOnce("#EXT-X-MAP");
    }

    @Test
    void multivariantPlaylistNamesCodecAndResolution() {
        assertThat(MultivariantPlaylist.write("range.m3u8", "avc1.64001f", 1280, 720, 2_000_000)).isEqualTo("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=2000000,CODECS="avc1.64001f",RESOLUTION=1280x720
                range.m3u8
                """);
        assertThatThrownBy(() -> MultivariantPlaylist.write("r.m3u8", "avc1\"", 1, 1, 1)).hasMessageContaining("codecs");
    }

    @Test
    void rejectsBadSegments() {
        InitMap map = InitMap.of("i.mp4");
        assertThatThrownBy(() -> new MediaSegment("a\n#EXT-X-ENDLIST", null, map, T0, 1)).hasMessageContaining("URI");
        assertThatThrownBy(() -> new MediaSegment("a", null, map, T0, 0)).hasMessageContaining("duration");
        assertThatThrownBy(() -> new MediaSegment("a", null, map, T0, Double.NaN)).hasMessageContaining("duration");
    }

    /**
     * Two recording runs separated by a gap: the first as self-contained segment files addressed
     * by byte ranges, the second as an init file plus fragment-only files with decode times
     * jumping forward over the gap. ffmpeg must play the whole playlist without an error.
     */
    @Test
    void ffmpegPlaysAcrossTheDiscontinuity() throws Exception {
        Ffmpeg.assumeAvailable();
        List<AccessUnit> units = AccessUnitAssembler.assemble(
                TestStreams.concat(TestStreams.jcodecFrames(160, 120, 100, 50)));
        VideoTrack track = Recording.track(units);
        List<AccessUnit> gop1 = units.subList(0, 50);
        List<AccessUnit> gop2 = units.subList(50, 100);
        List<MediaSegment> segments = new ArrayList<>();

        byte[] first = Recording.segment(track, gop1, 25, 0, 5, true);
        byte[] second = Recording.segment(track, gop2, 25, 2_000_000, 5, true);
        int initSize = InitSegment.of(track).length;
        Files.write(dir.resolve("run1-0.mp4"), first);
        Files.write(dir.resolve("run1-1.mp4"), second);
        InitMap run1 = new InitMap("run1-0.mp4", new ByteRange(initSize, 0));
        segments.add(new MediaSegment("run1-0.mp4", new ByteRange(first.length - initSize, initSize), run1, T0, 2.0));
        segments.add(new MediaSegment("run1-1.mp4", new ByteRange(second.length - initSize, initSize), run1,
                T0.plusSeconds(2), 2.0));

        Files.write(dir.resolve("run2-init.mp4"), InitSegment.of(track));
        InitMap run2 = InitMap.of("run2-init.mp4");
        for (int i = 0; i < 2; i++) {
            byte[] fragments = Recording.segment(track, i == 0 ? gop1 : gop2, 25, RUN2_START + i * 2_000_000L, 10, false);
            Files.write(dir.resolve("run2-" + i + ".m4s"), fragments);
            segments.add(new MediaSegment("run2-" + i + ".m4s", null, run2, T0.plusSeconds(30 + 2L * i), 2.0));
        }
        String playlist = PlaylistWriter.standard().write(segments, PlaylistType.VOD);
        assertThat(playlist.split("#EXT-X-DISCONTINUITY", -1)).hasSize(2);
        Path m3u8 = dir.resolve("range.m3u8");
        Files.writeString(m3u8, playlist);

        Ffmpeg.assertDecodesCleanly(m3u8);
        Path master = dir.resolve("master.m3u8");
        Files.writeString(master, MultivariantPlaylist.write("range.m3u8", track.codecString(), 160, 120, 500_000));
        Ffmpeg.assertDecodesCleanly(master);
        assertThat(Ffmpeg.countFrames(m3u8)).isEqualTo(200);
        assertThat(Arrays.asList(playlist.split("\n"))).filteredOn(l -> l.startsWith("#EXT-X-MAP")).hasSize(2);
    }
}
