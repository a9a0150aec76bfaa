package camcloud.device.video;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoAppFrameRateTest {

    @TempDir
    Path dir;

    @Test
    void whenTheSourcesFrameRateChangesTheFrameTaskFollowsIt() throws Exception {
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        SceneControl.Resolution small = new SceneControl.Resolution(320, 180);
        try (VideoApp app = VideoApp.start(new LiveSceneSource(SceneScript.staticScene(),
                LiveSceneSource.defaults(small, 5, 300)), dir.resolve("rate.ring"), clock)) {
            assertThat(app.taskFrameRate()).isEqualTo(5);
            app.sceneControl().orElseThrow().apply(LiveSceneSource.defaults(small, 25, 300));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (app.taskFrameRate() != 25 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(app.taskFrameRate()).isEqualTo(25);
            assertThat(app.format().fps()).isEqualTo(25);
            long written = app.framesWritten();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (app.framesWritten() < written + 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(app.framesWritten()).as("frames keep coming after the change").isGreaterThanOrEqualTo(written + 3);
        } finally {
            clock.shutdownNow();
        }
    }
}
