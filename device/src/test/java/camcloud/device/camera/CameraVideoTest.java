package camcloud.device.camera;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraVideoTest {

    @TempDir
    Path dir;

    @Test
    void ringsLeftByDeadCameraProcessesAreDeletedAndLiveOnesKept() throws Exception {
        long me = ProcessHandle.current().pid();
        Path dead = Files.createFile(dir.resolve("camcloud-CC-DEADBEEF00-2147483646.ring"));
        Path live = Files.createFile(dir.resolve("camcloud-CC-ALIVE00000-" + me + ".ring"));
        Path other = Files.createFile(dir.resolve("notes.txt"));
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
        try {
            CameraVideo video = new CameraVideo(new VideoSourceSpec.Synthetic(SceneSettings.sd360()), clock, dir);

            Path ring = video.ringFile("CC-NEW0000000");

            assertThat(ring).isEqualTo(dir.resolve("camcloud-CC-NEW0000000-" + me + ".ring"));
            assertThat(dead).doesNotExist();
            assertThat(live).exists();
            assertThat(other).exists();
        } finally {
            clock.shutdownNow();
        }
    }
}
