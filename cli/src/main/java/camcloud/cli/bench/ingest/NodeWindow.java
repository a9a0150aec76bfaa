package camcloud.cli.bench.ingest;

import camcloud.cli.bench.host.Metrics;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.cli.bench.host.ProcFs;
import java.io.IOException;
import java.util.Map;

/**
 * A camcloud node and its bench cameras measured over a window: {@link #start} samples both, {@link #end}
 * samples again and tells what happened in between — the node's CPU and RSS from {@code /proc}, what it
 * took in and dropped from its meters, what the cameras made, dropped and still wait acks for.
 */
final class NodeWindow {

    /**
     * The window's figures.
     *
     * @param figures          the node's figures (for the side-by-side table)
     * @param recorderDrops    units the node's recorder dropped (full queues)
     * @param uploadDrops      units the cameras dropped (full upload buffers)
     * @param unackedGrowth    growth of the cameras' unacknowledged bytes over the window
     * @param maxAckLagMillis  the longest wait of a camera's oldest unacknowledged unit at the end
     */
    record Result(ServerFigures figures, long recorderDrops, long uploadDrops, long unackedGrowth,
                  double maxAckLagMillis) {
    }

    private record Sample(long nanos, ProcFs.Sample cpu, double units, double bytes, double recorderDrops,
                          long cameraFrames, long uploadDrops, long unacked) {
    }

    private final NodeProcess node;
    private final BenchCameras cameras;
    private final Sample start;

    private NodeWindow(NodeProcess node, BenchCameras cameras, Sample start) {
        this.node = node;
        this.cameras = cameras;
        this.start = start;
    }

    static NodeWindow start(NodeProcess node, BenchCameras cameras) throws IOException, InterruptedException {
        return new NodeWindow(node, cameras, sample(node, cameras));
    }

    Result end() throws IOException, InterruptedException {
        Sample end = sample(node, cameras);
        double seconds = (end.nanos - start.nanos) / 1e9;
        long uploadDrops = end.uploadDrops - start.uploadDrops;
        long recorderDrops = (long) (end.recorderDrops - start.recorderDrops);
        ServerFigures figures = new ServerFigures("camcloud node", cameras.size(), seconds,
                end.cpu.cpuMillisSince(start.cpu), (long) (end.bytes - start.bytes),
                end.cameraFrames - start.cameraFrames + uploadDrops, (long) (end.units - start.units),
                recorderDrops + uploadDrops, end.cpu.rssBytes(), cameras.fps());
        return new Result(figures, recorderDrops, uploadDrops, end.unacked - start.unacked, cameras.maxAckLagMillis());
    }

    private static Sample sample(NodeProcess node, BenchCameras cameras) throws IOException, InterruptedException {
        // the node's meters and CPU first, then the cameras: their order is the same at both ends
        ProcFs.Sample cpu = node.cpu();
        long nanos = System.nanoTime();
        Metrics m = node.metrics();
        CameraCounters c = cameras.counters();
        return new Sample(nanos, cpu, m.sum("camcloud_ingest_units_total", Map.of()).orElse(0),
                m.sum("camcloud_ingest_bytes_total", Map.of()).orElse(0),
                m.sum("camcloud_recorder_units_dropped_total", Map.of()).orElse(0),
                c.frames.sum(), c.uploadDrops.sum(), cameras.unackedBytes());
    }
}
