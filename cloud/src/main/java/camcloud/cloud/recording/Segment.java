package camcloud.cloud.recording;

/**
 * One recorded fMP4 segment file: an init segment ({@code initSize} bytes) followed by fragments,
 * starting on a keyframe. Times are on the cloud's timeline, epoch microseconds.
 *
 * @param discontinuity a gap or a format change precedes this segment (an HLS playlist puts
 *                      {@code EXT-X-DISCONTINUITY} before it)
 * @param eventClip     holds (part of) an event clip of a camera that records events only, rather
 *                      than continuous video; retention keeps these by the event rule
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
        long createdAtMillis,
        boolean eventClip) {

    /** A segment of continuous video. */
    public Segment(long id, String cameraSerial, long startMicros, long endMicros, String storageKey, long sizeBytes,
                   long initSize, int frames, int timescale, long baseDecodeTime, long durationTicks, String codec,
                   int width, int height, boolean discontinuity, long bootId, long firstSequence, long lastSequence,
                   long createdAtMillis) {
        this(id, cameraSerial, startMicros, endMicros, storageKey, sizeBytes, initSize, frames, timescale,
                baseDecodeTime, durationTicks, codec, width, height, discontinuity, bootId, firstSequence,
                lastSequence, createdAtMillis, false);
    }

    public long durationMicros() {
        return endMicros - startMicros;
    }
}
