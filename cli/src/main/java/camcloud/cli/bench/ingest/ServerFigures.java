package camcloud.cli.bench.ingest;

/**
 * One server's figures over a measurement window, measured from the outside the same way for
 * camcloud and nginx-rtmp.
 *
 * @param server         what was measured ("camcloud node", "nginx-rtmp")
 * @param streams        streams during the window
 * @param seconds        the window's length
 * @param cpuMillis      the server process(es)' CPU time in the window
 * @param bytes          video bytes the server took in during the window
 * @param framesMade     frames the publishers made in the window (sent or, by a camera, dropped)
 * @param framesReceived frames the server took in during the window
 * @param framesDropped  frames dropped on the way, counted where they were (recorder, camera upload buffer)
 * @param rssBytes       the server's resident memory at the window's end
 * @param fps            the streams' frame rate
 */
public record ServerFigures(String server, int streams, double seconds, double cpuMillis, long bytes,
                            long framesMade, long framesReceived, long framesDropped, long rssBytes, int fps) {

    /**
     * Seconds of video the server took in, over all streams: frames received / frame rate. Equal to
     * streams × window when every stream arrives in real time; smaller when publishers fall behind (a
     * starved client on a loaded machine), so the cost below stays the cost of the video received.
     */
    public double streamSeconds() {
        return framesReceived / (double) fps;
    }

    /** CPU milliseconds per stream-second: what one stream costs per second of video taken in. */
    public double cpuMillisPerStreamSecond() {
        return cpuMillis / streamSeconds();
    }

    /** CPU milliseconds per megabit taken in. */
    public double cpuMillisPerMegabit() {
        return bytes == 0 ? Double.NaN : cpuMillis / (bytes * 8 / 1e6);
    }

    /** Average ingested bitrate per stream, kbit/s. */
    public double kbpsPerStream() {
        return bytes * 8 / 1e3 / seconds / streams;
    }

    /** Frames made but not taken in (never negative; a frame or so per stream is in flight at each edge). */
    public long framesMissing() {
        return Math.max(0, framesMade - framesReceived);
    }

    /** Cores the server kept busy on average. */
    public double cores() {
        return cpuMillis / 1000 / seconds;
    }
}
