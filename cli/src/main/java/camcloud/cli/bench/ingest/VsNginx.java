package camcloud.cli.bench.ingest;

import camcloud.cli.bench.host.Machine;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.cli.bench.peer.FfmpegPublishers;
import camcloud.cli.bench.peer.NginxRtmp;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.video.FileVideoSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code camcloud bench ingest --vs-nginx}: camcloud and nginx-rtmp recording the same video, in one run.
 *
 * <ol>
 *   <li>The clip ({@link BenchClip}) is encoded once by ffmpeg, or found in the cache.</li>
 *   <li><b>camcloud</b>: a node in its own process ({@link NodeProcess}); N cameras
 *       ({@link BenchCameras}, real time, TLS, each its own identity and source address) stream the
 *       clip; after a warm-up, the node is measured over the window ({@link NodeWindow}). Then its
 *       memory per streaming camera: heap after a full GC and RSS at 0 and N streams, N again after
 *       {@code memoryWaitSeconds} (does it grow?), and 2N.</li>
 *   <li><b>nginx-rtmp</b>: {@link NginxRtmp} records N {@link FfmpegPublishers} of the same clip,
 *       measured over a window as long ({@link NginxWindow}).</li>
 *   <li>Both servers' figures side by side, and the ratio.</li>
 * </ol>
 *
 * <p>Every process started is stopped by its pid, also on failure.
 */
public final class VsNginx {

    /** A unacknowledged window as large as a camera agent's default upload buffer. */
    static final long UPLOAD_BUFFER = 4L << 20;

    /**
     * What to run.
     *
     * @param streams           N
     * @param seconds           the measurement window of each side
     * @param warmupSeconds     streaming before a window starts
     * @param memoryWaitSeconds time between the two memory samples at N streams (0: one sample)
     * @param dir               where both servers keep their data
     * @param cache             where the clip is kept between runs
     * @param nodeCpus          {@code taskset -c} list for the node (null: not pinned)
     * @param clientThreads     the cameras' event-loop threads
     */
    public record Settings(int streams, int seconds, int warmupSeconds, int memoryWaitSeconds, Path dir, Path cache,
                           String nodeCpus, int clientThreads) {
        public Settings {
            if (streams < 1 || seconds < 1 || warmupSeconds < 0 || memoryWaitSeconds < 0 || clientThreads < 1) {
                throw new IllegalArgumentException("--streams, --seconds and --threads must be at least 1, "
                        + "--warmup and --memory-wait at least 0");
            }
        }
    }

    /** The figures of a run, for tests and callers. */
    public record Outcome(ServerFigures camcloud, ServerFigures nginx, MemoryFigures memory, int nginxRecordings) {
        public double ratio() {
            return camcloud.cpuMillisPerStreamSecond() / nginx.cpuMillisPerStreamSecond();
        }
    }

    private final Settings settings;
    private final PrintStream out;

    public VsNginx(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Why this bench cannot run here, or null. */
    public static String missingTools() {
        if (!FfmpegPublishers.available()) {
            return "ffmpeg is not installed (Debian: apt-get install ffmpeg)";
        }
        return NginxRtmp.missing().orElse(null);
    }

    public Outcome run() throws Exception {
        String missing = missingTools();
        if (missing != null) {
            throw new IllegalStateException("bench ingest --vs-nginx needs ffmpeg and nginx-rtmp: " + missing);
        }
        out.println("camcloud bench ingest --vs-nginx: " + settings.streams() + " streams, " + settings.seconds()
                + " s windows");
        out.println(Machine.describe());
        BenchClip spec = BenchClip.DEFAULT;
        Path clipFile = spec.file(settings.cache());
        FileVideoSource.Clip clip = BenchClip.load(clipFile, spec.fps());
        out.printf("clip: %s, %dx%d, %d fps, %.0f kbit/s, %d frames, keyframe every %d frames (ffmpeg libx264)%n",
                clipFile, clip.format().width(), clip.format().height(), clip.format().fps(), BenchClip.kbps(clip),
                clip.frames().size(), 2 * spec.fps());

        CamcloudRun camcloud = camcloud(clip);
        NginxWindow.Result nginx = nginx(spec.mp4(settings.cache()), clip.format().fps());
        int recordings;
        try (var files = Files.list(settings.dir().resolve("nginx").resolve("record"))) {
            recordings = (int) files.filter(p -> p.toString().endsWith(".flv")).count();
        }
        print(camcloud, nginx);
        return new Outcome(camcloud.window.figures(), nginx.figures(), camcloud.memory, recordings);
    }

    private record CamcloudRun(NodeWindow.Result window, MemoryFigures memory, double clientCpuMillis) {
    }

    private CamcloudRun camcloud(FileVideoSource.Clip clip) throws Exception {
        int n = settings.streams();
        out.printf("camcloud: starting the node%s, provisioning %d cameras...%n",
                settings.nodeCpus() == null ? "" : " on CPU " + settings.nodeCpus(), 2 * n);
        try (NodeProcess node = new NodeProcess("node", settings.dir().resolve("node"), Map.of(), List.of(),
                settings.nodeCpus()).start();
             BenchCameras cameras = new BenchCameras(settings.clientThreads())) {
            try {
                List<CameraIdentity> identities = BenchCameras.provision(settings.dir().resolve("cameras"), 0, 2 * n,
                        "127.0.0.1", node.gatewayPort(), URI.create(node.httpBase()), node.operatorToken());
                MemoryFigures.Sample idle = MemoryFigures.sample(node, 0);
                cameras.connect(identities.subList(0, n), "127.0.0.1", node.gatewayPort(), clip, UPLOAD_BUFFER,
                        BenchCamera.Pace.REAL_TIME);
                requireWelcomed(cameras, node);
                cameras.go(0);
                out.printf("camcloud: %d cameras streaming; warming up %d s, measuring %d s...%n", n,
                        settings.warmupSeconds(), settings.seconds());
                Thread.sleep(settings.warmupSeconds() * 1000L);
                long clientCpu0 = clientCpuNanos();
                NodeWindow window = NodeWindow.start(node, cameras);
                Thread.sleep(settings.seconds() * 1000L);
                NodeWindow.Result result = window.end();
                double clientCpu = (clientCpuNanos() - clientCpu0) / 1e6;

                MemoryFigures.Sample atN = MemoryFigures.sample(node, n);
                MemoryFigures.Sample atNLater = atN;
                if (settings.memoryWaitSeconds() > 0) {
                    out.printf("camcloud: memory at %d streams taken; again in %d s...%n", n,
                            settings.memoryWaitSeconds());
                    Thread.sleep(settings.memoryWaitSeconds() * 1000L);
                    atNLater = MemoryFigures.sample(node, n);
                }
                cameras.connect(identities.subList(n, 2 * n), "127.0.0.1", node.gatewayPort(), clip, UPLOAD_BUFFER,
                        BenchCamera.Pace.REAL_TIME);
                requireWelcomed(cameras, node);
                cameras.go(n);
                int settle = settings.warmupSeconds() + 5; // past the first segment (4 s) of every new camera
                out.printf("camcloud: %d cameras streaming; memory in %d s...%n", 2 * n, settle);
                Thread.sleep(settle * 1000L);
                MemoryFigures.Sample at2N = MemoryFigures.sample(node, 2 * n);
                cameras.disconnect();
                return new CamcloudRun(result, new MemoryFigures(idle, atN, atNLater, at2N,
                        settings.memoryWaitSeconds()), clientCpu);
            } catch (Exception e) {
                if (!node.alive()) {
                    throw new IOException("the camcloud node died; its log:\n" + node.log(), e);
                }
                throw e;
            }
        }
    }

    private NginxWindow.Result nginx(Path clipFile, int fps) throws Exception {
        int n = settings.streams();
        out.printf("nginx-rtmp: starting nginx and %d ffmpeg publishers...%n", n);
        try (NginxRtmp nginx = NginxRtmp.start(settings.dir().resolve("nginx"), 1, n)) {
            long spacing = Math.max(1, Math.min(50, 2000 / n));
            try (FfmpegPublishers publishers = FfmpegPublishers.start(clipFile, n,
                    i -> nginx.publishUrl(NginxWindow.stream(i)), settings.dir().resolve("ffmpeg"), spacing)) {
                out.printf("nginx-rtmp: %d publishers streaming; warming up %d s, measuring %d s...%n", n,
                        settings.warmupSeconds(), settings.seconds());
                Thread.sleep(Math.max(2, settings.warmupSeconds()) * 1000L);
                if (publishers.alive() < n) {
                    throw new IOException("an ffmpeg publisher stopped: " + publishers.firstFailure()
                            + "\nnginx: " + nginx.log());
                }
                NginxWindow window = NginxWindow.start(nginx, publishers, fps);
                Thread.sleep(settings.seconds() * 1000L);
                NginxWindow.Result result = window.end();
                if (result.figures().framesReceived() == 0) {
                    throw new IOException("nginx recorded nothing; " + nginx.log());
                }
                out.printf("nginx-rtmp: the publishers (clients) used %.0f ms of CPU, %.2f ms per stream-second%n",
                        result.publisherCpuMillis(), result.publisherCpuMillis() / (n * result.figures().seconds()));
                return result;
            }
        }
    }

    private void requireWelcomed(BenchCameras cameras, NodeProcess node) throws IOException, InterruptedException {
        if (!cameras.awaitWelcomed(60_000 + 20L * cameras.size())) {
            throw new IOException("only " + cameras.counters().welcomed.get() + " of " + cameras.size()
                    + " cameras were welcomed by the node; its log:\n" + node.log());
        }
    }

    private static long clientCpuNanos() {
        return ThreadCpu.ofThreadsNamed(BenchCameras.THREAD);
    }

    private void print(CamcloudRun camcloud, NginxWindow.Result nginx) {
        ServerFigures c = camcloud.window.figures();
        ServerFigures x = nginx.figures();
        out.println();
        out.printf("%-34s %16s %16s%n", "", "camcloud node", "nginx-rtmp");
        row("streams", "%d", c.streams(), x.streams());
        row("transport", "%s", "TLS 1.3", "RTMP (plain)");
        row("window (s)", "%.1f", c.seconds(), x.seconds());
        row("stream-seconds of video taken in", "%.0f", c.streamSeconds(), x.streamSeconds());
        row("ingested, per stream (kbit/s)", "%.0f", c.kbpsPerStream(), x.kbpsPerStream());
        row("frames made / received", "%s", c.framesMade() + "/" + c.framesReceived(),
                x.framesMade() + "/" + x.framesReceived());
        row("frames dropped (counted)", "%d", c.framesDropped(), x.framesDropped());
        row("server CPU (cores)", "%.3f", c.cores(), x.cores());
        row("CPU ms per stream-second", "%.3f", c.cpuMillisPerStreamSecond(), x.cpuMillisPerStreamSecond());
        row("CPU ms per megabit", "%.3f", c.cpuMillisPerMegabit(), x.cpuMillisPerMegabit());
        row("server RSS (MiB)", "%.0f", c.rssBytes() / 1048576.0, x.rssBytes() / 1048576.0);
        out.printf("ratio camcloud / nginx-rtmp, CPU per megabit: %.2f%n",
                c.cpuMillisPerMegabit() / x.cpuMillisPerMegabit());
        out.printf("ratio camcloud / nginx-rtmp, CPU per stream-second: %.2f (%s)%n",
                c.cpuMillisPerStreamSecond() / x.cpuMillisPerStreamSecond(),
                c.cpuMillisPerStreamSecond() <= x.cpuMillisPerStreamSecond()
                        ? String.format("camcloud %.2fx cheaper", x.cpuMillisPerStreamSecond() / c.cpuMillisPerStreamSecond())
                        : String.format("camcloud %.2fx more expensive", c.cpuMillisPerStreamSecond() / x.cpuMillisPerStreamSecond()));
        if (c.framesReceived() < 0.95 * c.streams() * c.fps() * c.seconds()
                || x.framesReceived() < 0.95 * x.streams() * x.fps() * x.seconds()) {
            out.println("note: a server took in less than 95 % of real time (starved publishers or server on a "
                    + "loaded machine): CPU per stream-second is per second of video taken in");
        }
        out.printf("camcloud: recorder drops %d, camera upload drops %d, unacknowledged bytes grew by %d, oldest "
                        + "unacknowledged unit %.1f s old at the end; the cameras (bench client) used %.0f ms of CPU%n",
                camcloud.window.recorderDrops(), camcloud.window.uploadDrops(), camcloud.window.unackedGrowth(),
                camcloud.window.maxAckLagMillis() / 1000, camcloud.clientCpuMillis);
        camcloud.memory.print(out);
        out.println("load average at the end: " + Machine.loadAverage());
    }

    private void row(String label, String format, Object camcloud, Object nginx) {
        out.printf("%-34s %16s %16s%n", label, String.format(format, camcloud), String.format(format, nginx));
    }
}
