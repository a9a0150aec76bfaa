package camcloud.cloud.recording;

/**
 * How the recorder cuts and buffers.
 *
 * @param segmentMicros        a segment is cut at the first keyframe after this much video
 * @param gapMicros            a longer hole between two units is a gap (the segment is cut and the gap
 *                             listed); no sample lasts longer
 * @param reconnectGraceMillis a camera's open segment waits this long after its connection drops for
 *                             the same boot to reconnect and continue it (so a short outage leaves no
 *                             gap), then it is closed
 * @param queueBytesPerCamera  units waiting for the disk, per camera; beyond, video is dropped up to the
 *                             next keyframe and the gap listed (a slow disk never grows memory)
 * @param threads              recorder threads doing the disk and database work of all cameras
 * @param backlogBytes         finished segments of all cameras that may wait on local disk while the store
 *                             or the database is unreachable (not acknowledged meanwhile); beyond, a
 *                             camera that finishes a segment is told to come back later
 */
public record RecorderSettings(long segmentMicros, long gapMicros, long reconnectGraceMillis,
                               long queueBytesPerCamera, int threads, long backlogBytes) {

    /** 2 GiB: about half an hour of 100 cameras at 3 Mbit/s. */
    public static final long DEFAULT_BACKLOG_BYTES = 2L << 30;

    public static final RecorderSettings DEFAULT = new RecorderSettings(4_000_000, 5_000_000, 10_000,
            16L * 1024 * 1024, 2, DEFAULT_BACKLOG_BYTES);

    public RecorderSettings {
        require(segmentMicros >= 100_000 && segmentMicros <= 60_000_000, "recording.segment.seconds",
                segmentMicros / 1e6);
        require(gapMicros >= 100_000, "gap", gapMicros);
        require(reconnectGraceMillis >= 0, "reconnect grace", reconnectGraceMillis);
        require(queueBytesPerCamera >= 64 * 1024, "queue bytes per camera", queueBytesPerCamera);
        require(threads >= 1 && threads <= 64, "recorder.threads", threads);
        require(backlogBytes >= 0, "recorder.backlog.bytes", backlogBytes);
    }

    public RecorderSettings(long segmentMicros, long gapMicros, long reconnectGraceMillis, long queueBytesPerCamera,
                            int threads) {
        this(segmentMicros, gapMicros, reconnectGraceMillis, queueBytesPerCamera, threads, DEFAULT_BACKLOG_BYTES);
    }

    public RecorderSettings withSegmentMicros(long micros) {
        return new RecorderSettings(micros, gapMicros, reconnectGraceMillis, queueBytesPerCamera, threads,
                backlogBytes);
    }

    public RecorderSettings withReconnectGraceMillis(long millis) {
        return new RecorderSettings(segmentMicros, gapMicros, millis, queueBytesPerCamera, threads, backlogBytes);
    }

    public RecorderSettings withThreads(int n) {
        return new RecorderSettings(segmentMicros, gapMicros, reconnectGraceMillis, queueBytesPerCamera, n,
                backlogBytes);
    }

    public RecorderSettings withBacklogBytes(long bytes) {
        return new RecorderSettings(segmentMicros, gapMicros, reconnectGraceMillis, queueBytesPerCamera, threads,
                bytes);
    }

    private static void require(boolean ok, String name, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("recorder setting " + name + " has a bad value: " + value);
        }
    }
}
