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
 */
public record RecorderSettings(long segmentMicros, long gapMicros, long reconnectGraceMillis,
                               long queueBytesPerCamera, int threads) {

    public static final RecorderSettings DEFAULT = new RecorderSettings(4_000_000, 5_000_000, 10_000,
            16L * 1024 * 1024, 2);

    public RecorderSettings {
        require(segmentMicros >= 100_000 && segmentMicros <= 60_000_000, "recording.segment.seconds",
                segmentMicros / 1e6);
        require(gapMicros >= 100_000, "gap", gapMicros);
        require(reconnectGraceMillis >= 0, "reconnect grace", reconnectGraceMillis);
        require(queueBytesPerCamera >= 64 * 1024, "queue bytes per camera", queueBytesPerCamera);
        require(threads >= 1 && threads <= 64, "recorder.threads", threads);
    }

    public RecorderSettings withSegmentMicros(long micros) {
        return new RecorderSettings(micros, gapMicros, reconnectGraceMillis, queueBytesPerCamera, threads);
    }

    public RecorderSettings withReconnectGraceMillis(long millis) {
        return new RecorderSettings(segmentMicros, gapMicros, millis, queueBytesPerCamera, threads);
    }

    public RecorderSettings withThreads(int n) {
        return new RecorderSettings(segmentMicros, gapMicros, reconnectGraceMillis, queueBytesPerCamera, n);
    }

    private static void require(boolean ok, String name, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("recorder setting " + name + " has a bad value: " + value);
        }
    }
}
