package camcloud.cloud.ingest;

/**
 * How much video one camera connection may send: token buckets for frames and for payload bytes,
 * each allowing bursts of {@link #BURST_SECONDS} seconds' worth (a camera uploading the video it
 * buffered during an outage sends faster than real time). Separate from the control-frame flood
 * guard. Used on the connection's event loop only, so it needs no synchronisation.
 */
final class MediaBudget {

    static final double BURST_SECONDS = 10;

    private final Bucket frames;
    private final Bucket bytes;

    MediaBudget(int framesPerSecond, long bytesPerSecond, long nowNanos) {
        this.frames = new Bucket(framesPerSecond, nowNanos);
        this.bytes = new Bucket(bytesPerSecond, nowNanos);
    }

    /** Takes one frame of {@code size} bytes; false when the camera is over either budget. */
    boolean tryAcquire(int size, long nowNanos) {
        boolean frameOk = frames.take(1, nowNanos);
        boolean bytesOk = bytes.take(size, nowNanos);
        return frameOk && bytesOk;
    }

    private static final class Bucket {
        private final double perNano;
        private final double capacity;
        private double tokens;
        private long last;

        Bucket(double perSecond, long nowNanos) {
            this.perNano = perSecond / 1e9;
            this.capacity = perSecond * BURST_SECONDS;
            this.tokens = capacity;
            this.last = nowNanos;
        }

        boolean take(double n, long nowNanos) {
            tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
            last = nowNanos;
            if (tokens < n) {
                return false;
            }
            tokens -= n;
            return true;
        }
    }
}
