package camcloud.cli.bench.ingest;

import camcloud.cli.bench.host.Machine;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.video.FileVideoSource;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code camcloud bench ingest --find-max}: the most real-time streams one core of the node records
 * without loss. The node runs pinned to one CPU ({@code taskset -c}); the bench (its cameras) is
 * pinned to the others where it can be. Cameras are added {@code step} at a time; after each step
 * settles, a window is measured and passes when, within it:
 *
 * <ol>
 *   <li>the node's recorder dropped no unit (its queues never filled),</li>
 *   <li>no camera dropped a unit from its upload buffer (the node took everything in time),</li>
 *   <li>the node took in every frame the cameras made but at most two per stream (a frame or so per
 *       stream is in flight at each edge of the window; more means video piles up in socket buffers), and</li>
 *   <li>no camera's oldest unacknowledged unit waited longer than three segment lengths (a durable
 *       segment is acked; a node that falls behind acks later and later).</li>
 * </ol>
 *
 * The answer is the last N that passed; the ramp stops at the first that fails or at {@code maxStreams}.
 */
public final class FindMax {

    /** Acks come per segment (4 s by default): three segments is late. */
    static final double MAX_ACK_LAG_MILLIS = 3 * 4_000;
    /** Frames per stream that may be in flight at the window's edges. */
    static final int IN_FLIGHT_FRAMES = 2;

    /**
     * @param step        cameras added per step
     * @param stepSeconds the measured window of a step
     * @param maxStreams  where the ramp stops
     * @param nodeCpus    the node's {@code taskset -c} list ("1")
     * @param benchCpus   this JVM's ({@code taskset -a -p -c}), or null to leave it
     */
    public record Settings(int step, int stepSeconds, int maxStreams, String nodeCpus, String benchCpus, Path dir,
                           Path cache, int clientThreads) {
    }

    private final Settings settings;
    private final PrintStream out;

    public FindMax(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    /** Runs the ramp; returns the highest N that passed (0: not even the first step). */
    public int run() throws Exception {
        out.println("camcloud bench ingest --find-max: +" + settings.step() + " streams per step, "
                + settings.stepSeconds() + " s windows, node on CPU " + settings.nodeCpus());
        out.println(Machine.describe());
        out.println("loss criterion (per window): no recorder drop, no camera upload-buffer drop, node took in "
                + "every frame the cameras made but " + IN_FLIGHT_FRAMES + " per stream (in flight), oldest unacknowledged unit "
                + "younger than " + Math.round(MAX_ACK_LAG_MILLIS / 1000) + " s (3 segments)");
        if (settings.benchCpus() != null) {
            pinSelf(settings.benchCpus());
        }
        BenchClip spec = BenchClip.DEFAULT;
        FileVideoSource.Clip clip = BenchClip.load(spec.file(settings.cache()), spec.fps());
        int best = 0;
        try (NodeProcess node = new NodeProcess("node", settings.dir().resolve("node"), Map.of(), List.of(),
                settings.nodeCpus()).start();
             BenchCameras cameras = new BenchCameras(settings.clientThreads())) {
            out.printf("%7s %8s %10s %10s %9s %9s %9s %10s %8s  %s%n", "streams", "cores", "ms/str-s", "ms/Mbit",
                    "recv %", "rec.drop", "upl.drop", "ack lag s", "RSS MiB", "verdict");
            for (int n = settings.step(); n <= settings.maxStreams(); n += settings.step()) {
                List<CameraIdentity> added = BenchCameras.provision(settings.dir().resolve("cameras"), cameras.size(),
                        settings.step(), "127.0.0.1", node.gatewayPort(), URI.create(node.httpBase()), node.operatorToken());
                int from = cameras.size();
                cameras.connect(added, "127.0.0.1", node.gatewayPort(), clip, VsNginx.UPLOAD_BUFFER,
                        BenchCamera.Pace.REAL_TIME);
                if (!cameras.awaitWelcomed(60_000 + 20L * cameras.size())) {
                    out.printf("%7d only %d cameras welcomed: stop%n", n, cameras.counters().welcomed.get());
                    break;
                }
                cameras.go(from);
                Thread.sleep(10_000); // every new camera past its first segment
                NodeWindow window = NodeWindow.start(node, cameras);
                Thread.sleep(settings.stepSeconds() * 1000L);
                NodeWindow.Result r = window.end();
                ServerFigures f = r.figures();
                double received = f.framesMade() == 0 ? 0 : f.framesReceived() / (double) f.framesMade();
                boolean pass = r.recorderDrops() == 0 && r.uploadDrops() == 0
                        && f.framesReceived() >= f.framesMade() - (long) IN_FLIGHT_FRAMES * f.streams()
                        && r.maxAckLagMillis() <= MAX_ACK_LAG_MILLIS && cameras.open() == cameras.size();
                out.printf("%7d %8.3f %10.3f %10.3f %9.1f %9d %9d %10.1f %8.0f  %s%n", n, f.cores(),
                        f.cpuMillisPerStreamSecond(), f.cpuMillisPerMegabit(), 100 * received, r.recorderDrops(),
                        r.uploadDrops(), r.maxAckLagMillis() / 1000, f.rssBytes() / 1048576.0,
                        pass ? "ok" : "LOSS");
                if (!pass) {
                    break;
                }
                best = n;
                if (!node.alive()) {
                    throw new IOException("the camcloud node died; its log:\n" + node.log());
                }
            }
        }
        out.printf("highest N one core sustains without loss: %d streams (load average now %s)%n", best,
                Machine.loadAverage());
        return best;
    }

    /** Pins every thread of this JVM to {@code cpus}, so the cameras do not run on the node's core. */
    private void pinSelf(String cpus) throws IOException, InterruptedException {
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus,
                Long.toString(ProcessHandle.current().pid())).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (taskset.waitFor() == 0) {
            out.println("bench (cameras) pinned to CPU " + cpus);
        } else {
            out.println("could not pin the bench to CPU " + cpus + " (taskset failed): it shares the node's core");
        }
    }
}
