package camcloud.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.archive.VideoTestCloud;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import camcloud.device.video.EncodedLoop;
import camcloud.device.video.EncodedLoopCache;
import camcloud.device.video.SceneSettings;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hub's per-camera rules, with viewers whose sockets keep up (sends complete at once). */
class LiveHubTest {

    private static final SceneSettings SMALLER = new SceneSettings(256, 144, 25, 300, 25, 1);

    /** A socket that is always writable: records message kinds. */
    /** Hubs closed after each test: a hub's cached fragments are pooled buffers it releases. */
    private final List<LiveHub> hubs = new ArrayList<>();

    private LiveHub hub() {
        LiveHub hub = new LiveHub();
        hubs.add(hub);
        return hub;
    }

    @org.junit.jupiter.api.AfterEach
    void closeHubs() {
        hubs.forEach(LiveHub::close);
    }

    private static final class InstantOutput implements ViewerOutput {
        final List<String> sent = new ArrayList<>();

        @Override
        public synchronized void sendBinary(ByteBuffer[] parts, Done done) {
            ByteBuffer bytes = Parts.join(parts);
            sent.add(new String(new byte[] {bytes.get(4), bytes.get(5), bytes.get(6), bytes.get(7)}));
            done.completed(null);
        }

        @Override
        public synchronized void sendText(String text, Done done) {
            sent.add(text.substring(0, text.indexOf(',') < 0 ? text.length() : text.indexOf(',')));
            done.completed(null);
        }

        @Override
        public void close(int code, String reason) {
        }
    }

    @Test
    void aFormatChangeSendsCodecAndANewInitThenFragmentsFromAKeyframe() {
        LiveHub hub = hub();
        VideoSink camera = hub.open("CAM", 1, s -> { });
        InstantOutput out = new InstantOutput();
        camera.format(VideoTestCloud.format());
        hub.watch("CAM", out);
        feed(camera, VideoTestCloud.loop(), 0, 3);
        EncodedLoop smaller = EncodedLoopCache.shared().loop(SMALLER, 0);
        camera.format(new StreamFormat(SMALLER.width(), SMALLER.height(), 25, smaller.format().sps(),
                smaller.format().pps()));
        feed(camera, smaller, 25, 2); // frames 0 (IDR) and 1 of the smaller loop
        assertThat(out.sent).containsExactly("{\"type\":\"codec\"", "ftyp", "prft", "prft", "prft",
                "{\"type\":\"codec\"", "ftyp", "prft", "prft");
    }

    @Test
    void theSameFormatAfterAReconnectKeepsTheViewersSourceBufferAndAnOldSessionIsIgnored() {
        LiveHub hub = hub();
        VideoSink first = hub.open("CAM", 1, s -> { });
        first.format(VideoTestCloud.format());
        InstantOutput out = new InstantOutput();
        hub.watch("CAM", out);
        feed(first, VideoTestCloud.loop(), 0, 2);
        VideoSink second = hub.open("CAM", 1, s -> { });
        second.format(VideoTestCloud.format());
        first.closed();                      // the old connection's late goodbye: ignored
        feed(second, VideoTestCloud.loop(), 2, 1); // not a keyframe: waits
        feed(second, VideoTestCloud.loop(), 25, 1); // keyframe
        second.closed();
        assertThat(out.sent).containsExactly("{\"type\":\"codec\"", "ftyp", "prft", "prft", "prft",
                "{\"type\":\"offline\"}");
        assertThat(hub.viewers("CAM")).isEqualTo(1);
    }

    @Test
    void overTheGopBudgetAnUnwatchedCameraCachesNothingAndItsFirstViewerStartsAtTheNextKeyframe() {
        LiveHub hub = new LiveHub(8, 0);
        VideoSink camera = hub.open("CAM", 1, s -> { });
        camera.format(VideoTestCloud.format());
        feed(camera, VideoTestCloud.loop(), 0, 3);
        assertThat(hub.cachedBytes()).isZero();
        InstantOutput out = new InstantOutput();
        hub.watch("CAM", out);
        feed(camera, VideoTestCloud.loop(), 3, 1);
        feed(camera, VideoTestCloud.loop(), 25, 2);
        assertThat(out.sent).containsExactly("{\"type\":\"codec\"", "ftyp", "prft", "prft");
        assertThat(hub.cachedBytes()).as("a watched camera caches whatever the budget").isPositive();
        hub.close();
        assertThat(hub.cachedBytes()).as("closing the hub releases the cache").isZero();
    }

    @Test
    void aGopLongerThanTheCacheStillReachesViewersAndTheNextJoinerWaitsForAKeyframe() {
        LiveHub hub = hub();
        VideoSink camera = hub.open("CAM", 1, s -> { });
        camera.format(VideoTestCloud.format());
        InstantOutput out = new InstantOutput();
        hub.watch("CAM", out);
        EncodedLoop loop = VideoTestCloud.loop();
        int frames = LiveStream.MAX_GOP_FRAMES + 50;
        for (int i = 0; i < frames; i++) { // one IDR, then P-frames only
            TimedUnit u = new TimedUnit(i, 1_000_000L + i * 40_000L, 1_000L + i * 40L, i == 0, false,
                    Unpooled.wrappedBuffer(loop.accessUnit(i == 0 ? 0 : 1)));
            camera.unit(u);
            u.release();
        }
        assertThat(out.sent.stream().filter("prft"::equals).count()).isEqualTo(frames);
        InstantOutput late = new InstantOutput();
        hub.watch("CAM", late);
        assertThat(late.sent).containsExactly("{\"type\":\"codec\"", "ftyp");
        assertThat(hub.cachedBytes()).isZero();
    }

    @Test
    void afterAStallTheDecodeTimeAdvancesByAtMostTwoFrames() {
        LiveHub hub = hub();
        VideoSink camera = hub.open("CAM", 1, s -> { });
        camera.format(VideoTestCloud.format());
        List<byte[]> fragments = new ArrayList<>();
        hub.watch("CAM", new ViewerOutput() {
            @Override
            public void sendBinary(ByteBuffer[] parts, Done done) {
                ByteBuffer bytes = Parts.join(parts);
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                fragments.add(b);
                done.completed(null);
            }

            @Override
            public void sendText(String text, Done done) {
                done.completed(null);
            }

            @Override
            public void close(int code, String reason) {
            }
        });
        EncodedLoop loop = VideoTestCloud.loop();
        long[] times = {0, 40_000, 80_000, 1_080_000, 1_120_000}; // a one-second stall before the 4th frame
        for (int i = 0; i < times.length; i++) {
            TimedUnit u = new TimedUnit(i, 1_000_000L + times[i], 1_000L + times[i] / 1000, i == 0, false,
                    Unpooled.wrappedBuffer(loop.accessUnit(i)));
            camera.unit(u);
            u.release();
        }
        List<Long> decode = fragments.subList(1, fragments.size()).stream()
                .map(f -> ByteBuffer.wrap(f, 24, 8).getLong()).toList(); // prft media time = tfdt
        assertThat(decode).containsExactly(0L, 3600L, 7200L, 14400L, 18000L);
    }

    /** Frames {@code from..from+n-1} of a loop, 40 ms apart, keyframe flags from the loop. */
    private static void feed(VideoSink sink, EncodedLoop loop, int from, int n) {
        for (int i = from; i < from + n; i++) {
            int f = i % loop.frameCount();
            TimedUnit u = new TimedUnit(i, 1_000_000L + i * 40_000L, 1_000L + i * 40L, loop.isKeyframe(f), false,
                    Unpooled.wrappedBuffer(loop.accessUnit(f)));
            sink.unit(u);
            u.release();
        }
    }
}
