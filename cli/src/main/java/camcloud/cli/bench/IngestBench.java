package camcloud.cli.bench;

import camcloud.cli.bench.host.Machine;
import camcloud.cli.bench.ingest.BenchCamera;
import camcloud.cli.bench.ingest.BenchCameras;
import camcloud.cli.bench.ingest.BenchClip;
import camcloud.cli.bench.ingest.FindMax;
import camcloud.cli.bench.ingest.ThreadCpu;
import camcloud.cli.bench.ingest.VsNginx;
import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.cloud.config.RecordingConfig;
import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.video.EncodedLoop;
import camcloud.device.video.FileVideoSource;
import camcloud.device.video.SceneSettings;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench ingest}: how much video one cloud node records. A node starts in a temp
 * directory; {@code --cameras} cameras are provisioned and connect over TLS 1.3 from the bench's own
 * Netty client (two event-loop threads named {@code bench-client}); each streams a pre-encoded loop of
 * the synthetic scene (encoded once, replayed, sequence numbers and capture times fresh) as fast as
 * the connection takes it, keeping at most {@code --window-mb} unacknowledged — the way a camera's
 * upload buffer limits it — for {@code --seconds}. The node writes fMP4 segments to disk and acks
 * them; the bench prints ingest MB/s and frames/s, what was recorded, and MB/s per core of the cloud's
 * own threads (process CPU time minus the bench clients' threads) and of the whole process.
 *
 * <pre>{@code ./camcloud bench ingest --cameras 50 --seconds 15}</pre>
 *
 * <p>Two other runs share its cameras ({@link BenchCameras}, {@link BenchCamera}) but measure a node in
 * a process of its own, with cameras at real time: {@code --vs-nginx} ({@link VsNginx}: the node and
 * nginx-rtmp recording the same clip, side by side) and {@code --find-max} ({@link FindMax}: the most
 * streams one pinned core records without loss).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Recorder ingest: MB/s per core from N concurrent camera connections to fMP4 on disk; "
                + "--vs-nginx: against nginx-rtmp in the same run; --find-max: streams per core without loss.")
public final class IngestBench implements Callable<Integer> {

    @Option(names = "--cameras", description = "Concurrent camera connections. Default: ${DEFAULT-VALUE}")
    int cameras = 50;

    @Option(names = "--seconds", description = "How long the cameras stream. Default: ${DEFAULT-VALUE}")
    int seconds = 15;

    @Option(names = "--recorder-threads", description = "Recorder threads. Default: ${DEFAULT-VALUE}")
    int recorderThreads = 2;

    @Option(names = "--window-mb", description = "Unacknowledged MB a camera may have in flight (0: only TCP "
            + "flow control; acks come once per segment, so a window needs a few seconds' worth). Default: ${DEFAULT-VALUE}")
    int windowMb = 0;

    @Option(names = "--hd", description = "Stream the 1280x720 scene instead of 640x360 (8 s more to encode).")
    boolean hd;

    @Option(names = "--dir", description = "Where the node keeps its data (deleted afterwards). Default: a temp dir.")
    Path dir;

    private static final String CLIENT_THREAD = "bench-client";

    @Option(names = "--vs-nginx", description = "Instead: N real-time cameras (TLS) recorded by a node in its own "
            + "process, then N ffmpeg publishers of the same clip recorded by nginx-rtmp; CPU per stream-second and "
            + "per megabit of both servers side by side, and the node's memory per streaming camera.")
    boolean vsNginx;

    @Option(names = "--find-max", description = "Instead: the most real-time streams the node (pinned to one core "
            + "with taskset) records without loss, adding --step cameras at a time.")
    boolean findMax;

    @Option(names = "--streams", description = "--vs-nginx: streams on each server. Default: ${DEFAULT-VALUE}")
    int streams = 200;

    @Option(names = "--warmup", description = "--vs-nginx: seconds of streaming before a window. Default: ${DEFAULT-VALUE}")
    int warmup = 20;

    @Option(names = "--memory-wait", description = "--vs-nginx: seconds between the two memory samples at N streams "
            + "(0: one sample, growth not checked). Default: ${DEFAULT-VALUE}")
    int memoryWait = 60;

    @Option(names = "--step", description = "--find-max: cameras added per step. Default: ${DEFAULT-VALUE}")
    int step = 100;

    @Option(names = "--max-streams", description = "--find-max: where the ramp stops. Default: ${DEFAULT-VALUE}")
    int maxStreams = 5000;

    @Option(names = "--node-cpus", description = "taskset -c list for the node process (--find-max: default 1; "
            + "--vs-nginx: default not pinned)")
    String nodeCpus;

    @Option(names = "--threads", description = "--vs-nginx, --find-max: the cameras' event-loop threads. "
            + "Default: ${DEFAULT-VALUE}")
    int threads = 2;

    @Option(names = "--cache", description = "--vs-nginx, --find-max: where the ffmpeg-encoded clip is kept between "
            + "runs. Default: camcloud-bench-cache in the temp dir")
    Path cache;

    @Override
    public Integer call() throws Exception {
        if (vsNginx && findMax) {
            throw new IllegalArgumentException("--vs-nginx and --find-max are two runs: give one of them");
        }
        if (!vsNginx && !findMax) {
            return inProcess();
        }
        Path work = dir != null ? dir : Files.createTempDirectory("camcloud-bench-ingest");
        Path clips = cache != null ? cache : BenchClip.defaultCache();
        try {
            if (vsNginx) {
                new VsNginx(new VsNginx.Settings(streams, seconds, warmup, memoryWait, work, clips, nodeCpus, threads),
                        System.out).run();
            } else {
                String node = nodeCpus != null ? nodeCpus : "1";
                new FindMax(new FindMax.Settings(step, seconds, maxStreams, node, otherCpus(node), work, clips,
                        threads), System.out).run();
            }
        } finally {
            if (dir == null) {
                deleteTree(work);
            }
        }
        return 0;
    }

    /** The CPUs other than {@code nodeCpus} when that is a single CPU number, for the bench's own threads; else null. */
    private static String otherCpus(String nodeCpus) {
        int cores = Runtime.getRuntime().availableProcessors();
        if (!nodeCpus.matches("\\d+") || cores < 2) {
            return null;
        }
        int node = Integer.parseInt(nodeCpus);
        StringBuilder others = new StringBuilder();
        for (int i = 0; i < cores; i++) {
            if (i != node) {
                others.append(others.isEmpty() ? "" : ",").append(i);
            }
        }
        return others.toString();
    }

    private Integer inProcess() throws Exception {
        SceneSettings scene = hd ? SceneSettings.hd720() : SceneSettings.sd360();
        System.out.printf("encoding the %dx%d loop once...%n", scene.width(), scene.height());
        EncodedLoop loop = EncodedLoop.encode(scene, 0);
        FileVideoSource.Clip clip = asClip(loop);
        long loopBytes = 0;
        for (int i = 0; i < loop.frameCount(); i++) {
            loopBytes += loop.accessUnit(i).length;
        }
        Path data = dir != null ? dir : Files.createTempDirectory("camcloud-bench-ingest");
        RecordingConfig recording = RecordingConfig.defaults()
                .withRecorder(RecorderSettings.DEFAULT.withThreads(recorderThreads))
                .withRetention(new RetentionSettings(0, 0, 0, 0, 3600))
                .withMedia(new MediaLimits(1_000_000, 1L << 40));
        CloudConfig config = CloudConfig.defaults().withDataDir(data.resolve("data")).withBindHost("127.0.0.1")
                .withPorts(0, 0, 0).withRecording(recording);
        try (CloudServer server = CloudServer.start(config);
             BenchCameras benchCameras = new BenchCameras(2)) {
            System.out.printf("provisioning %d cameras...%n", cameras);
            List<CameraIdentity> identities = BenchCameras.provision(data, 0, cameras, "127.0.0.1",
                    server.gatewayPort(), URI.create("http://127.0.0.1:" + server.httpPort()), server.operatorToken());
            benchCameras.connect(identities, "127.0.0.1", server.gatewayPort(), clip,
                    windowMb == 0 ? Long.MAX_VALUE : windowMb * 1_000_000L, BenchCamera.Pace.FLOOD);
            if (!benchCameras.awaitWelcomed(10_000)) {
                System.out.printf("only %d of %d cameras were welcomed%n", benchCameras.counters().welcomed.get(),
                        cameras);
                return 1;
            }

            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long bytes0 = server.recorder().bytesReceived();
            long frames0 = server.recorder().unitsReceived();
            long segments0 = server.recorder().segmentsWritten();
            long cpu0 = os.getProcessCpuTime();
            long clientCpu0 = ThreadCpu.ofThreadsNamed(BenchCameras.THREAD);
            long t0 = System.nanoTime();
            benchCameras.go(0);
            Thread.sleep(seconds * 1000L);
            benchCameras.disconnect();
            long bytes = server.recorder().bytesReceived() - bytes0;
            long frames = server.recorder().unitsReceived() - frames0;
            server.recorder().close(); // what was received is written, committed and indexed: part of the cost
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long clientCpu = ThreadCpu.ofThreadsNamed(BenchCameras.THREAD) - clientCpu0;
            long segments = server.recorder().segmentsWritten() - segments0;
            long written = server.recorder().bytesWritten();

            double secs = wall / 1e9;
            double mb = bytes / 1e6;
            double cloudCores = (cpu - clientCpu) / (double) wall;
            double processCores = cpu / (double) wall;
            System.out.printf("camcloud bench ingest: %d cameras, %.1f s, %dx%d loop of %d frames (%.1f KB/frame), "
                            + "%d recorder threads%n", cameras, secs, scene.width(), scene.height(),
                    loop.frameCount(), loopBytes / 1e3 / loop.frameCount(), recorderThreads);
            System.out.println(Machine.describe());
            System.out.printf("  ingested:  %.1f MB/s, %.0f frames/s (%.0f MB, %d frames; the time includes "
                    + "closing the last segments)%n", mb / secs, frames / secs, mb, frames);
            System.out.printf("  recorded:  %d segments, %.0f MB of fMP4, %d units dropped by full recorder queues, "
                    + "%d acks%n", segments, written / 1e6, server.recorder().unitsDropped(),
                    benchCameras.counters().acks.sum());
            System.out.printf("  cpu:       cloud threads %.2f cores, whole process %.2f cores (incl. the bench's "
                    + "own TLS clients)%n", cloudCores, processCores);
            System.out.printf("  per core:  %.1f MB/s per cloud core (%.1f MB/s per process core)%n",
                    mb / secs / cloudCores, mb / secs / processCores);
        } finally {
            if (dir == null) {
                deleteTree(data);
            }
        }
        return 0;
    }

    /** The synthetic loop as a clip the bench cameras play. */
    private static FileVideoSource.Clip asClip(EncodedLoop loop) {
        long frameNanos = 1_000_000_000L / loop.format().fps();
        List<FileVideoSource.Clip.Frame> frames = new ArrayList<>();
        for (int i = 0; i < loop.frameCount(); i++) {
            frames.add(new FileVideoSource.Clip.Frame(loop.accessUnit(i), loop.isKeyframe(i), frameNanos));
        }
        return new FileVideoSource.Clip(loop.format(), frames);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temp dir left behind
        }
    }
}
