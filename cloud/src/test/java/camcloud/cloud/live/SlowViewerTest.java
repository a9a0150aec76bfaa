package camcloud.cloud.live;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.TestCloud;
import camcloud.cloud.archive.VideoTestCloud;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A viewer that stops reading gets whole fragments dropped and counted, while a viewer that reads
 * gets every fragment and the other sinks of the camera (the recorder) get every unit: the live
 * hub's calls return without waiting for any viewer.
 */
class SlowViewerTest {

    /** Filler data (NAL type 12) added to each frame so that socket buffers fill within a second. */
    private static final int FILLER = 100_000;
    private static final int FRAMES = 400;

    @TempDir
    Path dir;

    @Test
    void aViewerThatDoesNotReadDropsFragmentsWhileAFastViewerAndTheRecorderGetEverything() throws Exception {
        try (VideoTestCloud video = VideoTestCloud.start(dir)) {
            LiveHub hub = video.cloud.server().liveHub();
            VideoSink camera = hub.open(video.serial, 1, sequence -> { });
            AtomicInteger recorded = new AtomicInteger();
            VideoSink recorder = new CountingSink(recorded);
            camera.format(VideoTestCloud.format());
            try (LiveClient fast = LiveClient.connect(video.cloud.httpBase(), video.serial, video.ownerCookie);
                 Socket slow = stalledViewer(video)) {
                assertThat(TestCloud.await(Duration.ofSeconds(5), () -> hub.viewers(video.serial) == 2)).isTrue();
                for (int n = 0; n < FRAMES; n++) {
                    TimedUnit unit = bigUnit(n);
                    camera.unit(unit);
                    recorder.unit(unit);
                    unit.release();
                    Thread.sleep(3);
                }
                assertThat(recorded.get()).isEqualTo(FRAMES);
                LiveVideoTest.awaitBinaries(fast, 1 + FRAMES);
                assertThat(fast.texts()).noneMatch(t -> t.contains("dropped"));
                long dropped = hub.droppedFragments(video.serial);
                System.out.printf("slow viewer: %d of %d fragments dropped (queue %d)%n", dropped, FRAMES,
                        LiveHub.DEFAULT_VIEWER_QUEUE);
                assertThat(dropped).as("fragments dropped for the stalled viewer").isPositive();
            }
        }
    }

    private static TimedUnit bigUnit(long n) {
        TimedUnit frame = VideoTestCloud.unit(n, 1_795_000_000_000_000L + n * 40_000, 1_795_000_000_000L + n * 40);
        byte[] filler = new byte[4 + 1 + FILLER + 1];
        filler[3] = 1;
        filler[4] = 12;
        Arrays.fill(filler, 5, 5 + FILLER, (byte) 0xff);
        filler[filler.length - 1] = (byte) 0x80;
        TimedUnit big = new TimedUnit(n, frame.timeMicros(), frame.captureWallMillis(), frame.keyframe(), false,
                Unpooled.wrappedBuffer(frame.payload().retain(), Unpooled.wrappedBuffer(filler)));
        frame.release();
        return big;
    }

    /** A WebSocket upgrade by hand on a socket with a tiny receive buffer, then never read again. */
    private static Socket stalledViewer(VideoTestCloud video) throws IOException {
        URI base = URI.create(video.cloud.httpBase());
        Socket s = new Socket();
        s.setReceiveBufferSize(4096);
        s.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
        s.getOutputStream().write(("GET /api/cameras/" + video.serial + "/live HTTP/1.1\r\n"
                + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Origin: " + video.cloud.httpBase() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Cookie: " + video.ownerCookie + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        InputStream in = s.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        return s;
    }

    /** Stands for the recorder: another sink of the same camera. */
    private record CountingSink(AtomicInteger units) implements VideoSink {
        @Override
        public void format(camcloud.cloud.video.StreamFormat format) {
        }

        @Override
        public void unit(TimedUnit unit) {
            units.incrementAndGet();
        }

        @Override
        public void gap(long fromMicros, long toMicros, String reason) {
        }

        @Override
        public void closed() {
        }
    }
}
