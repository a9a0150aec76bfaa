package camcloud.cloud.recording;

/**
 * One recorded fMP4 segment file: an init segment ({@code initSize} bytes) followed by fragments,
 * starting on a keyframe. Times are on the cloud's timeline, epoch microseconds.
 *
 * @param discontinuity a gap or a format change precedes this segment (an HLS playlist puts
 *                      {@code EXT-X-DISCONTINUITY} before it)
 */
public record Segment(
        long id,
        String cameraSerial,
        long startMicros,
        long endMicros,
        String storageKey,
        long sizeBytes,
        long initSize,
        int frames,
        int timescale,
        long baseDecodeTime,
        long durationTicks,
        String codec,
        int width,
        int height,
        boolean discontinuity,
        long bootId,
        long firstSequence,
        long lastSequence,
        long createdAtMillis) {

    public long durationMicros() {
        return endMicros - startMicros;
    }
}
