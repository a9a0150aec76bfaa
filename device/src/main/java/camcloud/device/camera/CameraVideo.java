package camcloud.device.camera;

import camcloud.device.video.VideoSourceSpec;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    private static final Pattern RING_NAME = Pattern.compile("camcloud-[A-Za-z0-9-]+-(\\d+)\\.ring");
    private static final Set<Path> SWEPT = ConcurrentHashMap.newKeySet();

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
        sweepStaleRings();
        return ringDir.resolve("camcloud-" + serial + "-" + ProcessHandle.current().pid() + ".ring");
    }

    /**
     * Deletes ring files left by camera processes that died without powering off (a kill is a power
     * cut; the ring lives in memory under {@code /dev/shm} and would stay until reboot). Once per
     * directory per process; a ring whose process still runs is left alone.
     */
    private void sweepStaleRings() {
        if (!SWEPT.add(ringDir)) {
            return;
        }
        try (DirectoryStream<Path> rings = Files.newDirectoryStream(ringDir, "camcloud-*.ring")) {
            for (Path ring : rings) {
                Matcher m = RING_NAME.matcher(ring.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    Files.deleteIfExists(ring);
                }
            }
        } catch (IOException | RuntimeException e) {
            // Best effort: a stale ring wastes memory, it does not harm a camera.
        }
    }
}
