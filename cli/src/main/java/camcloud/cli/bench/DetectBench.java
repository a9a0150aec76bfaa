package camcloud.cli.bench;

import camcloud.device.analytics.CameraAnalytics;
import camcloud.device.analytics.DetectionSettings;
import camcloud.device.analytics.MotionDetector;
import camcloud.device.analytics.Snapshot;
import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.PtzHead;
import camcloud.device.scene.SceneScript;
import camcloud.device.scene.ScriptedScene;
import camcloud.device.video.RawPicture;
import camcloud.device.video.SceneControl.Resolution;
import camcloud.protocol.v1.CameraEvent;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench detect}: what the camera's analytics cost per picture — motion, sound and
 * day/night on every raw picture, as the clock thread runs them, without encoding. The scene is the
 * scripted one (an object crossing, lights off and on, a noise, looping), rendered at explicit times;
 * only the analytics call is timed (wall and thread CPU time), the rendering is not. Also times an
 * event's snapshot: the copy on the clock thread and the JPEG on the snapshot thread.
 *
 * <pre>{@code ./camcloud bench detect --seconds 120}</pre>
 */
@Command(name = "detect", mixinStandardHelpOptions = true,
        description = "Measure the camera's detection cost per picture at 720p and 360p (no encoding).")
public final class DetectBench implements Callable<Integer> {

    private static final String SCRIPT = "2s object enters left speed 0.25; 10s lights off; 15s noise -10dBFS 2s; "
            + "20s lights on; 24s object enters right speed 0.3; loop 30s";

    @Option(names = "--seconds", defaultValue = "120",
            description = "Scene seconds to analyse at each size. Default: ${DEFAULT-VALUE}")
    int seconds;

    @Option(names = "--fps", defaultValue = "15", description = "Pictures per scene second. Default: ${DEFAULT-VALUE}")
    int fps;

    @Override
    public Integer call() {
        if (seconds < 5 || seconds > 3600 || fps < 1 || fps > 30) {
            throw new IllegalArgumentException("--seconds must be 5..3600 and --fps 1..30");
        }
        System.out.printf("scene: %s; %d pictures a second, %d s at each size%n", SCRIPT, fps, seconds);
        System.out.println("| picture | pictures | events | median µs/picture | p99 µs | CPU µs/picture | "
                + "share of the frame interval | snapshot copy µs | JPEG ms (bytes) | detector state |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (Resolution size : new Resolution[] {new Resolution(1280, 720), new Resolution(640, 360)}) {
            run(size);
        }
        System.out.printf("memory besides the detector state: at most %d snapshot copies waiting (%d KB each at "
                        + "most: pictures are copied at <= %d px wide) and the event outbox (<= 128 events, 1 MiB)%n",
                2, 640 * 360 * 3 / 2 / 1024, Snapshot.MAX_WIDTH);
        return 0;
    }

    private void run(Resolution size) {
        ScriptedScene scene = new ScriptedScene(SceneScript.parse(SCRIPT), new PtzHead(),
                LiveSceneSource.defaults(size, fps, 1000));
        AtomicInteger events = new AtomicInteger();
        // Snapshots are encoded on their own thread, as on the camera: only the clock thread's part is timed.
        ExecutorService snapshots = Executors.newSingleThreadExecutor();
        CameraAnalytics analytics = new CameraAnalytics("bench", scene::nightMode, snapshots,
                (event, jpeg) -> {
                    if (event.getPhase() == CameraEvent.Phase.PHASE_START) {
                        events.incrementAndGet();
                    }
                });
        analytics.settings(DetectionSettings.DEFAULTS);
        long frame = 1_000_000L / fps;
        // Warm up the JIT on a minute of another instance's pictures.
        CameraAnalytics warm = new CameraAnalytics("warm", on -> { }, Runnable::run, (e, j) -> { });
        for (long t = 0; t < 60_000_000L; t += frame) {
            warm.onRawPicture(scene.render(t));
        }
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int pictures = seconds * fps;
        long[] wall = new long[pictures];
        long cpu = 0;
        for (int i = 0; i < pictures; i++) {
            RawPicture picture = scene.render(i * frame);
            long cpu0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            analytics.onRawPicture(picture);
            wall[i] = System.nanoTime() - t0;
            cpu += threads.getCurrentThreadCpuTime() - cpu0;
        }
        snapshots.shutdown();
        Arrays.sort(wall);
        double median = wall[pictures / 2] / 1000.0;
        double p99 = wall[(int) (pictures * 0.99)] / 1000.0;
        double cpuPer = cpu / 1000.0 / pictures;
        double share = cpuPer / frame * 100;

        RawPicture picture = scene.render(3_000_000);
        long copyNanos = Long.MAX_VALUE;
        long jpegNanos = Long.MAX_VALUE;
        int jpegBytes = 0;
        for (int i = 0; i < 20; i++) {
            long t0 = System.nanoTime();
            Snapshot copy = Snapshot.of(picture);
            long t1 = System.nanoTime();
            jpegBytes = copy.jpeg().length;
            long t2 = System.nanoTime();
            copyNanos = Math.min(copyNanos, t1 - t0);
            jpegNanos = Math.min(jpegNanos, t2 - t1);
        }
        int blocks = (size.width() / MotionDetector.BLOCK) * (size.height() / MotionDetector.BLOCK);
        System.out.printf("| %s | %d | %d | %.0f | %.0f | %.0f | %.2f %% of %.1f ms | %.0f | %.1f (%,d) | %d blocks, %d KB |%n",
                size, pictures, events.get(), median, p99, cpuPer, share, frame / 1000.0, copyNanos / 1000.0,
                jpegNanos / 1e6, jpegBytes, blocks, blocks * 13 / 1024);
    }
}
