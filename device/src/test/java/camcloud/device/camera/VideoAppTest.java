package camcloud.device.camera;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.ring.RingFrame;
import camcloud.device.ring.RingReader;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.SyntheticVideoSource;
import camcloud.device.video.VideoApp;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The video application publishes its source's access units into the ring and removes it on close. */
class VideoAppTest {

    @TempDir
    Path dir;

    @Test
    void framesFromTheSourceAppearInTheRingStartingWithAKeyframe() throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        Path ringFile = dir.resolve("camera.ring");
        try {
            SyntheticVideoSource source = new SyntheticVideoSource(new SceneSettings(64, 64, 30, 100, 10, 1), 3);
            VideoApp app = VideoApp.start(source, ringFile, clock);
            try (RingReader reader = RingReader.open(ringFile)) {
                int seen = 0;
                long lastCapture = Long.MIN_VALUE;
                boolean firstWasKeyframe = false;
                long end = System.nanoTime() + 20_000_000_000L;
                while (seen < 12 && System.nanoTime() < end) {
                    RingFrame frame = reader.poll();
                    if (frame == null) {
                        Thread.sleep(5);
                        continue;
                    }
                    if (seen == 0) {
                        firstWasKeyframe = frame.keyframe();
                    }
                    assertThat(frame.captureMicros()).isGreaterThan(lastCapture);
                    lastCapture = frame.captureMicros();
                    assertThat(reader.release(frame)).isTrue();
                    seen++;
                }
                assertThat(seen).isEqualTo(12);
                assertThat(firstWasKeyframe).as("a synthetic camera starts on an IDR").isTrue();
                assertThat(app.framesWritten()).isGreaterThanOrEqualTo(12);
            } finally {
                app.close();
            }
            assertThat(ringFile).doesNotExist();
        } finally {
            clock.shutdownNow();
        }
    }
}
