package camcloud.cli.bench.ingest;

import camcloud.cli.bench.peer.ProcessCpu;
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

    private record Sample(long nanos, ProcessCpu.Sample cpu, double units, double bytes, double recorderDrops,
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
        ProcessCpu.Sample cpu = node.cpu();
        long nanos = System.nanoTime();
        Map<String, Double> m = node.metrics();
        CameraCounters c = cameras.counters();
        return new Sample(nanos, cpu, PrometheusText.sum(m, "camcloud_ingest_units_total", ""),
                PrometheusText.sum(m, "camcloud_ingest_bytes_total", ""),
                PrometheusText.sum(m, "camcloud_recorder_units_dropped_total", ""),
                c.frames.sum(), c.uploadDrops.sum(), cameras.unackedBytes());
    }
}
