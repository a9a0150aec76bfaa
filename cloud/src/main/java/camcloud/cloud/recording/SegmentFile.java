package camcloud.cloud.recording;

import camcloud.cloud.storage.VideoStore;
import camcloud.media.fmp4.SampleClock;
import camcloud.media.fmp4.SegmentInfo;
import camcloud.media.fmp4.SegmentWriter;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.AccessUnit;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One segment being written: a {@link SegmentWriter} into a pending {@link VideoStore} object.
 * Invisible until {@link #commit}; {@link #abort} discards it. The segment's place on the camera's
 * decode timeline — cloud time in 90 kHz ticks since the epoch, monotonic over the camera's whole
 * archive — is its index row's {@code baseDecodeTime}; the file itself starts at decode time 0 and
 * the archive shifts it when serving (see {@code DecodeTimeShift}).
 */
final class SegmentFile {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    final String key;
    final VideoTrack track;
    final long startMicros;
    final long baseDecodeTime;
    final long bootId;
    final long firstSequence;
    final boolean discontinuity;
    long lastSequence;
    long lastMicros;
    private final VideoStore.PendingObject pending;
    private final SegmentWriter writer;

    SegmentFile(VideoStore store, String serial, VideoTrack track, long baseDecodeTime, long bootId,
                long firstSequence, boolean discontinuity, long maxSampleMicros) throws IOException {
        this.track = track;
        this.baseDecodeTime = baseDecodeTime;
        this.startMicros = ticksToMicros(baseDecodeTime);
        this.bootId = bootId;
        this.firstSequence = firstSequence;
        this.lastSequence = firstSequence;
        this.discontinuity = discontinuity;
        this.key = serial + "/" + DAY.format(Instant.ofEpochSecond(0, startMicros * 1000)) + "/" + startMicros + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000) + ".mp4";
        this.pending = store.create(key);
        try {
            // The file starts at decode time 0 so that it tells its true length to any tool that
            // reads it alone; the archive shifts it onto the camera's timeline (baseDecodeTime, kept
            // in the index) when it serves it. See DecodeTimeShift.
            this.writer = new SegmentWriter(track, 0, pending.stream(),
                    new SampleClock(VideoTrack.TIMESCALE, 40_000, maxSampleMicros), 1, true);
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
    }

    void add(AccessUnit unit, long timeMicros, long wallMillis, long sequence) throws IOException {
        writer.add(unit, timeMicros, wallMillis);
        lastSequence = sequence;
        lastMicros = timeMicros;
    }

    int frames() {
        return writer.frames();
    }

    /** Writes the last fragment (lasting until {@code nextMicros}, or the usual frame time) and commits. */
    Segment commit(String serial, long nextMicros) throws IOException {
        SegmentInfo info = nextMicros == Long.MIN_VALUE ? writer.finish() : writer.finish(nextMicros);
        pending.commit();
        long endMicros = ticksToMicros(baseDecodeTime + info.durationTicks());
        return new Segment(0, serial, startMicros, endMicros, key, info.size(), info.initSize(), info.frames(),
                info.timescale(), baseDecodeTime, info.durationTicks(), track.codecString(), track.width(),
                track.height(), discontinuity, bootId, firstSequence, lastSequence, System.currentTimeMillis());
    }

    void abort() {
        try {
            pending.close();
        } catch (IOException ignored) {
            // the .part file is swept at the next start
        }
    }

    static long microsToTicks(long micros) {
        return Math.floorDiv(micros * 9, 100);
    }

    static long ticksToMicros(long ticks) {
        return Math.floorDiv(ticks * 100, 9);
    }
}
