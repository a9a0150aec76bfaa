package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.recording.Segment;
import camcloud.media.hls.PlaylistType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The archive playlist fetches an init segment once per run of segments that share it. */
class ArchivePlaylistTest {

    private static final long T0 = 1_795_000_000_000_000L;

    private static Segment segment(long id, long startMicros, int width, int height, long initSize,
                                   boolean discontinuity) {
        return new Segment(id, "CC-TEST", startMicros, startMicros + 4_000_000, "k" + id, 100_000, initSize, 100,
                90_000, startMicros * 9 / 100, 360_000, "avc1.42c01e", width, height, discontinuity, 1, 0, 99, 0);
    }

    private static List<String> maps(String playlist) {
        return Arrays.stream(playlist.split("\n")).filter(l -> l.startsWith("#EXT-X-MAP")).toList();
    }

    @Test
    void segmentsOfOneFormatShareTheInitOfTheFirstOfTheirRun() {
        List<Segment> run = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            run.add(segment(10 + i, T0 + i * 4_000_000L, 640, 360, 690, false));
        }
        String playlist = ArchivePlaylist.of(run, PlaylistType.VOD);
        assertThat(maps(playlist)).containsExactly("#EXT-X-MAP:URI=\"segments/10.mp4\",BYTERANGE=\"690@0\"");
        assertThat(playlist).contains("#EXT-X-BYTERANGE:99310@690\nsegments/14.mp4\n");
    }

    @Test
    void aNewSizeOrAFlaggedDiscontinuityStartsANewRun() {
        List<Segment> segments = List.of(
                segment(1, T0, 640, 360, 690, false),
                segment(2, T0 + 4_000_000, 640, 360, 690, false),
                segment(3, T0 + 8_000_000, 320, 180, 688, true),     // resolution change
                segment(4, T0 + 12_000_000, 320, 180, 688, false),
                segment(5, T0 + 60_000_000, 320, 180, 688, true),    // a gap, or a new frame rate: same size
                segment(6, T0 + 64_000_000, 320, 180, 688, false));
        String playlist = ArchivePlaylist.of(segments, PlaylistType.VOD);
        assertThat(maps(playlist)).containsExactly(
                "#EXT-X-MAP:URI=\"segments/1.mp4\",BYTERANGE=\"690@0\"",
                "#EXT-X-MAP:URI=\"segments/3.mp4\",BYTERANGE=\"688@0\"",
                "#EXT-X-MAP:URI=\"segments/5.mp4\",BYTERANGE=\"688@0\"");
        assertThat(playlist.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(3);
    }

    @Test
    void aGrowingRangeStartsPlayersAtItsBeginningAndHasNoEnd() {
        List<Segment> segments = List.of(segment(1, T0, 640, 360, 690, false));
        String open = ArchivePlaylist.of(segments, PlaylistType.EVENT);
        assertThat(open).contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", "#EXT-X-START:TIME-OFFSET=0.000\n")
                .doesNotContain("#EXT-X-ENDLIST");
        assertThat(ArchivePlaylist.of(segments, PlaylistType.ENDED_EVENT)).isEqualTo(open + "#EXT-X-ENDLIST\n");
        assertThat(ArchivePlaylist.of(segments, PlaylistType.VOD)).contains("#EXT-X-PLAYLIST-TYPE:VOD\n")
                .doesNotContain("EXT-X-START").endsWith("#EXT-X-ENDLIST\n");
    }
}
