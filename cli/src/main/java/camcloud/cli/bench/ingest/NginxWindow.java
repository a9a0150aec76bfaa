package camcloud.cli.bench.ingest;

import camcloud.cli.bench.host.ProcFs;
import camcloud.cli.bench.peer.FfmpegPublishers;
import camcloud.cli.bench.peer.FlvTags;
import camcloud.cli.bench.peer.NginxRtmp;
import java.io.IOException;
import java.util.List;

/**
 * nginx-rtmp and its ffmpeg publishers measured over a window: the CPU time and RSS of nginx's master
 * and workers from {@code /proc}, and what it recorded — the complete frames and bytes of every
 * stream's FLV file ({@link FlvTags}) at both ends.
 */
final class NginxWindow {

    /**
     * @param figures              nginx's figures (for the side-by-side table)
     * @param publisherCpuMillis   the ffmpeg publishers' CPU in the window (the clients', not the server's)
     * @param publishersAlive      publishers still running at the end
     */
    record Result(ServerFigures figures, double publisherCpuMillis, int publishersAlive) {
    }

    private record Sample(long nanos, ProcFs.Sample cpu, ProcFs.Sample publishers, FlvTags.Count recorded) {
    }

    private final NginxRtmp nginx;
    private final FfmpegPublishers publishers;
    private final int fps;
    private final Sample start;

    private NginxWindow(NginxRtmp nginx, FfmpegPublishers publishers, int fps, Sample start) {
        this.nginx = nginx;
        this.publishers = publishers;
        this.fps = fps;
        this.start = start;
    }

    static NginxWindow start(NginxRtmp nginx, FfmpegPublishers publishers, int fps) throws IOException {
        return new NginxWindow(nginx, publishers, fps, sample(nginx, publishers));
    }

    Result end() throws IOException {
        Sample end = sample(nginx, publishers);
        double seconds = (end.nanos - start.nanos) / 1e9;
        FlvTags.Count recorded = end.recorded.minus(start.recorded);
        long made = Math.round(publishers.count() * fps * seconds); // ffmpeg -re sends at the clip's rate
        ServerFigures figures = new ServerFigures("nginx-rtmp", publishers.count(), seconds,
                end.cpu.cpuMillisSince(start.cpu), recorded.bytes(), made, recorded.videoFrames(), 0,
                end.cpu.rssBytes(), fps);
        return new Result(figures, end.publishers.cpuMillisSince(start.publishers), publishers.alive());
    }

    /** The stream name of publisher {@code i}. */
    static String stream(int i) {
        return "s" + i;
    }

    private static Sample sample(NginxRtmp nginx, FfmpegPublishers publishers) throws IOException {
        List<Long> pids = nginx.pids();
        ProcFs.Sample cpu = ProcFs.sample(pids);
        long nanos = System.nanoTime();
        ProcFs.Sample clients = ProcFs.sample(publishers.pids());
        FlvTags.Count recorded = FlvTags.Count.NONE;
        for (int i = 0; i < publishers.count(); i++) {
            recorded = recorded.plus(FlvTags.count(nginx.recording(stream(i))));
        }
        return new Sample(nanos, cpu, clients, recorded);
    }
}
