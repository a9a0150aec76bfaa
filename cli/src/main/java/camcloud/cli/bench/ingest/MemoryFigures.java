package camcloud.cli.bench.ingest;

import camcloud.cli.bench.host.Jcmd;
import camcloud.cli.bench.host.NodeProcess;
import camcloud.cli.bench.host.ProcFs;
import java.io.IOException;
import java.io.PrintStream;

/**
 * What a streaming camera costs the node in memory: heap after a full GC and RSS with no stream,
 * at N streams, at N again a while later (does it grow with time?), and at 2N. Per camera is the
 * difference divided by the cameras added.
 *
 * @param idle        no camera connected
 * @param atN         N streaming
 * @param atNLater    N streaming, {@code waitSeconds} later
 * @param at2N        2N streaming
 * @param waitSeconds between {@code atN} and {@code atNLater} (0: not checked)
 */
public record MemoryFigures(Sample idle, Sample atN, Sample atNLater, Sample at2N, int waitSeconds) {

    /** The node's memory with {@code streams} streaming. */
    public record Sample(int streams, long heapBytes, long rssBytes) {
    }

    static Sample sample(NodeProcess node, int streams) throws IOException, InterruptedException {
        Jcmd.fullGc(node.pid());
        return new Sample(streams, Jcmd.heapUsedBytes(node.pid()), ProcFs.rssBytes(node.pid()));
    }

    /** Heap per streaming camera between 0 and N. */
    public double heapPerCameraAtN() {
        return (atN.heapBytes - idle.heapBytes) / (double) atN.streams;
    }

    /** Heap per added camera between N and 2N. */
    public double heapPerCameraNTo2N() {
        return (at2N.heapBytes - atNLater.heapBytes) / (double) (at2N.streams - atNLater.streams);
    }

    public double rssPerCameraAtN() {
        return (atN.rssBytes - idle.rssBytes) / (double) atN.streams;
    }

    public double rssPerCameraNTo2N() {
        return (at2N.rssBytes - atNLater.rssBytes) / (double) (at2N.streams - atNLater.streams);
    }

    void print(PrintStream out) {
        out.println("camcloud node memory (heap after a full GC via jcmd GC.run; RSS from /proc):");
        Sample[] samples = {idle, atN, atNLater, at2N};
        for (int i = 0; i < samples.length; i++) {
            if (i == 2 && waitSeconds == 0) {
                continue;
            }
            out.printf("  %5d streams%s: heap %7.1f MiB, RSS %7.1f MiB%n", samples[i].streams,
                    i == 2 ? " (" + waitSeconds + " s later)" : "", samples[i].heapBytes / 1048576.0,
                    samples[i].rssBytes / 1048576.0);
        }
        out.printf("  per streaming camera: heap %.0f KiB (0→N), %.0f KiB (N→2N); RSS %.0f KiB (0→N), %.0f KiB (N→2N)%n",
                heapPerCameraAtN() / 1024, heapPerCameraNTo2N() / 1024, rssPerCameraAtN() / 1024,
                rssPerCameraNTo2N() / 1024);
        if (waitSeconds > 0) {
            out.printf("  over %d s at %d streams: heap %+.1f MiB, RSS %+.1f MiB (%s)%n", waitSeconds, atN.streams,
                    (atNLater.heapBytes - atN.heapBytes) / 1048576.0, (atNLater.rssBytes - atN.rssBytes) / 1048576.0,
                    atNLater.heapBytes - atN.heapBytes > atN.heapBytes / 20 ? "grows: more than 5 %" : "steady: within 5 %");
        } else {
            out.println("  growth over time not checked (--memory-wait 0)");
        }
    }
}
