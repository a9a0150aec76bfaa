package camcloud.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.TestCloud;
import camcloud.cloud.archive.FfmpegCheck;
import camcloud.cloud.archive.VideoTestCloud;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Live video over the WebSocket route of a real node, fed through the hub as the gateway feeds it. */
class LiveVideoTest {

    private static final long T0_MICROS = 1_795_000_000_000_000L;
    private static final long WALL0_MILLIS = 1_795_000_000_000L;

    @TempDir
    Path dir;
    private VideoTestCloud video;
    private VideoSink camera;
    private long frames;

    @BeforeEach
    void start() throws Exception {
        video = VideoTestCloud.start(dir);
        camera = video.cloud.server().liveHub().open(video.serial, 1, sequence -> { });
        camera.format(VideoTestCloud.format());
    }

    @AfterEach
    void stop() {
        video.close();
    }

    @Test
    void ownerGetsCodecThenInitThenFragmentsWithIncreasingCaptureTimesThatFfmpegDecodes() throws Exception {
        try (LiveClient viewer = connect(video.ownerCookie)) {
            send(60);
            awaitBinaries(viewer, 1 + 60);

            assertThat(viewer.messages.get(0).text()).startsWith("{\"type\":\"codec\",\"mime\":\"video/mp4; codecs=\\\"avc1.");
            List<byte[]> binaries = viewer.binaries();
            assertThat(Mp4Boxes.firstBoxType(binaries.get(0))).isEqualTo("ftyp");
            for (int i = 1; i < binaries.size(); i++) {
                assertThat(Mp4Boxes.prftMillis(binaries.get(i))).as("capture time of fragment %d", i)
                        .isEqualTo(WALL0_MILLIS + (i - 1) * 40L);
            }
            assertThat(Mp4Boxes.containsIdr(binaries.get(1))).isTrue();

            camera.closed();
            assertThat(TestCloud.await(Duration.ofSeconds(5), () -> viewer.texts().contains("{\"type\":\"offline\"}")))
                    .as("offline status after the camera dropped").isTrue();

            FfmpegCheck.assumeAvailable();
            FfmpegCheck.assertPlaysCleanly(concat(binaries), "-i", "-");
        }
    }

    @Test
    void lateJoinerStartsAtTheLastKeyframeAndPlays() throws Exception {
        send(35); // keyframes at 0 and 25
        try (LiveClient late = connect(video.ownerCookie)) {
            awaitBinaries(late, 1 + 10);
            List<byte[]> binaries = late.binaries();
            assertThat(Mp4Boxes.firstBoxType(binaries.get(0))).isEqualTo("ftyp");
            assertThat(Mp4Boxes.containsIdr(binaries.get(1))).as("first fragment is a keyframe").isTrue();
            assertThat(Mp4Boxes.prftMillis(binaries.get(1))).isEqualTo(WALL0_MILLIS + 25 * 40L);

            send(30);
            awaitBinaries(late, 1 + 40);
            FfmpegCheck.assumeAvailable();
            FfmpegCheck.assertPlaysCleanly(concat(late.binaries()), "-i", "-");
        }
    }

    @Test
    void onlyTheOwnerMayWatch() throws Exception {
        assertThatThrownBy(() -> connect(null)).isInstanceOfSatisfying(LiveClient.Refused.class,
                r -> assertThat(r.status).isEqualTo(401));
        assertThatThrownBy(() -> connect(video.otherCookie)).isInstanceOfSatisfying(LiveClient.Refused.class,
                r -> assertThat(r.status).isEqualTo(404));
        assertThatThrownBy(() -> LiveClient.connect(video.cloud.httpBase(), "NO-SUCH-CAMERA", video.ownerCookie))
                .isInstanceOfSatisfying(LiveClient.Refused.class, r -> assertThat(r.status).isEqualTo(404));
        assertThat(video.cloud.server().liveHub().viewers(video.serial)).isZero();
    }

    private LiveClient connect(String cookie) throws LiveClient.Refused {
        LiveClient c = LiveClient.connect(video.cloud.httpBase(), video.serial, cookie);
        TestCloud.await(Duration.ofSeconds(5), () -> video.cloud.server().liveHub().viewers(video.serial) > 0);
        return c;
    }

    /** The camera sends {@code n} more frames (timeline 25 fps), a little faster than real time. */
    private void send(int n) throws InterruptedException {
        for (int i = 0; i < n; i++, frames++) {
            TimedUnit unit = VideoTestCloud.unit(frames, T0_MICROS + frames * 40_000, WALL0_MILLIS + frames * 40);
            camera.unit(unit);
            unit.release();
            Thread.sleep(2);
        }
    }

    static void awaitBinaries(LiveClient viewer, int count) {
        assertThat(TestCloud.await(Duration.ofSeconds(10), () -> viewer.binaries().size() >= count))
                .as("%d binary messages, got %d", count, viewer.binaries().size()).isTrue();
    }

    static byte[] concat(List<byte[]> parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
