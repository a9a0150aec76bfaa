package camcloud.device.camera;

import camcloud.device.video.VideoSourceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * How a virtual camera makes video: which source its video application plays, the clock threads that
 * pace it (shared by every camera of a process), and the directory of the shared-memory ring between
 * the video application and the cloud agent.
 *
 * @param source  what the camera shows ({@code --source})
 * @param clock   threads that run the video applications' frame tasks; the caller owns and shuts it down
 * @param ringDir where ring files go: {@code /dev/shm} when there is one (memory, never disk)
 */
public record CameraVideo(VideoSourceSpec source, ScheduledExecutorService clock, Path ringDir) {

    public CameraVideo {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ringDir, "ringDir");
    }

    /** Rings in {@link #defaultRingDir()}. */
    public CameraVideo(VideoSourceSpec source, ScheduledExecutorService clock) {
        this(source, clock, defaultRingDir());
    }

    /** {@code /dev/shm} if it is a writable directory, else the temporary directory. */
    public static Path defaultRingDir() {
        Path shm = Path.of("/dev/shm");
        if (Files.isDirectory(shm) && Files.isWritable(shm)) {
            return shm;
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /** The ring file of camera {@code serial} in this process. */
    Path ringFile(String serial) {
        return ringDir.resolve("camcloud-" + serial + "-" + ProcessHandle.current().pid() + ".ring");
    }
}
