package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.api.ApiClient;
import camcloud.cloud.recording.Segment;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import camcloud.device.video.EncodedLoop;
import camcloud.device.video.EncodedLoopCache;
import camcloud.device.video.SceneSettings;
import io.netty.buffer.Unpooled;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Archive playlists of ranges the node's real recorder is still writing: video goes into the
 * recorder as the gateway hands it on (a camera's units, 25 fps, a keyframe every second, placed a
 * minute or two in the past), the recorder cuts 4 s segments and indexes them, and the playlist of
 * a range says it is complete only when it is. Then a change of picture size, played by ffmpeg.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GrowingRangeTest {

    private static final long FRAME_MICROS = VideoTestCloud.FRAME_MICROS;
    /** The second scene of the resolution change: another size, same frame rate and keyframes. */
    private static final SceneSettings SMALL = new SceneSettings(176, 144, 25, 300, 25, 2);

    private VideoTestCloud video;
    private VideoSink sink;
    private long sequence;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        video = VideoTestCloud.start(dir);
        sink = video.cloud.server().recorder().open(video.serial, 1, s -> { });
        sink.format(VideoTestCloud.format());
    }

    @AfterAll
    void stop() {
        sink.closed();
        video.close();
    }

    /**
     * 0 s to 10 s recorded: segments [0, 4) and [4, 8) are indexed, [8, ...) is open. The range
     * [0, 9 s) ended a minute ago but its end is in the open segment: an EVENT, reloaded; the
     * recorder goes on, [8, 12) is indexed, and the same URL then holds what it held plus that
     * segment and the end. A range reaching into the future grows the same way and does not end.
     */
    @Test
    @Order(1)
    void aRangeWhoseEndIsInTheOpenSegmentIsAnEventUntilThatSegmentIsIndexed() throws Exception {
        long s = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        feed(VideoTestCloud.loop(), s, 0, 250);
        awaitSegments(s, 2);
        String ended = playlist(s, s + 9_000_000);
        String future = playlist(s, Instant.now().plusSeconds(300).toEpochMilli() * 1000);

        assertThat(ended).contains("#EXT-X-PLAYLIST-TYPE:EVENT\n", "#EXT-X-START:TIME-OFFSET=0.000\n")
                .doesNotContain("#EXT-X-ENDLIST", "VOD");
        assertThat(uris(ended)).hasSize(2);
        assertThat(future).isEqualTo(ended);

        feed(VideoTestCloud.loop(), s, 250, 350); // 10 s .. 14 s: the keyframe of 12 s closes [8, 12)
        awaitSegments(s, 3);
        String endedNow = playlist(s, s + 9_000_000);
        String futureNow = playlist(s, Instant.now().plusSeconds(300).toEpochMilli() * 1000);

        assertThat(endedNow).as("the same URL only gained lines at its end").startsWith(ended)
                .endsWith("#EXT-X-ENDLIST\n").contains("#EXT-X-PLAYLIST-TYPE:EVENT\n");
        assertThat(uris(endedNow)).hasSize(3);
        assertThat(futureNow).startsWith(future).doesNotContain("#EXT-X-ENDLIST");
        assertThat(uris(futureNow)).hasSize(3);
        assertThat(endedNow).as("one init for the run").containsOnlyOnce("#EXT-X-MAP");

        long later = Instant.now().plusSeconds(60).toEpochMilli() * 1000;
        assertThat(uris(playlist(later, later + 60_000_000))).as("a range still to come: an empty EVENT, not 404")
                .isEmpty();
    }

    /**
     * 320x180 then 176x144 then 320x180 again: a new EXT-X-MAP (and a discontinuity) at each change,
     * none within a run; ffmpeg decodes the whole range without an error.
     */
    @Test
    @Order(2)
    void aChangeOfPictureSizeStartsANewInitAndFfmpegPlaysAcrossIt() throws Exception {
        long s = Instant.now().minus(2, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toEpochMilli() * 1000;
        EncodedLoop small = EncodedLoopCache.shared().loop(SMALL, 0);
        feed(VideoTestCloud.loop(), s, 0, 150);                     // 0 .. 6 s at 320x180
        sink.format(new StreamFormat(SMALL.width(), SMALL.height(), SMALL.fps(), small.format().sps(),
                small.format().pps()));
        feed(small, s, 150, 350);                                   // 6 .. 14 s at 176x144
        sink.format(VideoTestCloud.format());
        feed(VideoTestCloud.loop(), s, 350, 450);                   // 14 .. 18 s at 320x180
        awaitSegments(s, 4);                                        // [0,4) [4,6) [6,10) [10,14); [14, ...) open
        String m3u8 = playlist(s, s + 14_000_000);

        assertThat(m3u8).endsWith("#EXT-X-ENDLIST\n");
        List<String> maps = Arrays.stream(m3u8.split("\n")).filter(l -> l.startsWith("#EXT-X-MAP")).toList();
        assertThat(maps).as("320x180, then 176x144").hasSize(2);
        assertThat(m3u8.split("#EXT-X-DISCONTINUITY\n", -1)).hasSize(2);
        List<Segment> segments = video.index.segments(video.serial, s, s + 14_000_000);
        assertThat(segments).extracting(Segment::width).containsExactly(320, 320, 176, 176);

        FfmpegCheck.assumeAvailable();
        FfmpegCheck.assertPlaysCleanly(null, "-headers", "Cookie: " + video.ownerCookie + "\r\n",
                "-i", video.cloud.httpBase() + path(s, s + 14_000_000));
    }

    /** Hands frames {@code [from, to)} of an endless {@code loop} to the recorder, frame n at {@code start + n * 40 ms}. */
    private void feed(EncodedLoop loop, long start, int from, int to) {
        for (int n = from; n < to; n++) {
            int i = n % loop.frameCount();
            long time = start + n * FRAME_MICROS;
            TimedUnit unit = new TimedUnit(sequence++, time, time / 1000, loop.isKeyframe(i), false,
                    Unpooled.wrappedBuffer(loop.accessUnit(i)));
            sink.unit(unit);
            unit.release(); // what the gateway does once its sinks had it
        }
    }

    private void awaitSegments(long from, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (video.index.segments(video.serial, from, Long.MAX_VALUE).size() < count) {
            assertThat(System.nanoTime()).as("%d segments indexed", count).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private String playlist(long fromMicros, long toMicros) {
        ApiClient.Response r = video.owner.get(path(fromMicros, toMicros));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Cache-Control")).isEqualTo("no-cache");
        return r.text();
    }

    private String path(long fromMicros, long toMicros) {
        return "/api/cameras/" + video.serial + "/archive.m3u8?from=" + q(fromMicros) + "&to=" + q(toMicros);
    }

    private static String q(long micros) {
        return URLEncoder.encode(TimeRange.instantOfMicros(micros).toString(), StandardCharsets.UTF_8);
    }

    private static List<String> uris(String playlist) {
        return Arrays.stream(playlist.split("\n")).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }
}
