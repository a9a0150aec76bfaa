package camcloud.cloud.recording;

import camcloud.cloud.storage.ObjectStore;
import camcloud.cloud.video.TimedUnit;
import camcloud.media.fmp4.FragmentOutput;
import camcloud.media.fmp4.MalformedMp4Exception;
import camcloud.media.fmp4.SampleClock;
import camcloud.media.fmp4.SegmentInfo;
import camcloud.media.fmp4.SegmentReader;
import camcloud.media.fmp4.SegmentWriter;
import camcloud.media.fmp4.VideoTrack;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One segment being written: a {@link SegmentWriter} into a pending {@link ObjectStore} object.
 * Invisible until {@link #commit}; {@link #abort} discards it. The segment's place on the camera's
 * decode timeline — cloud time in 90 kHz ticks since the epoch, monotonic over the camera's whole
 * archive — is its index row's {@code baseDecodeTime}; the file itself starts at decode time 0 and
 * the archive shifts it when serving (see {@code DecodeTimeShift}).
 *
 * <p>{@link #continuing} reopens a committed segment that was closed in the middle of a GOP: the new
 * object starts with the old file's bytes, unchanged, and goes on with more fragments; its commit
 * {@linkplain #replaces replaces} the old one (same index row, the old file deleted afterwards).
 *
 * <p>Closing is two steps: {@link #finish} writes the last fragment and gives the index row;
 * {@link #commit} makes the object durable, and may be called again after it failed (the store was
 * unreachable: the bytes wait on local disk). {@link #finishAtLastKeyframe} ends the segment before
 * its last keyframe instead (a draining node: the camera resends from that keyframe to the next one).
 *
 * <p>Bytes: each fragment goes to the pending object with one gathering write of its header buffer
 * and the frame's bytes as they came from the camera ({@link ObjectStore.PendingObject#write}); the
 * frame waiting for its duration is a retained reference, let go by {@link #finish},
 * {@link #finishAtLastKeyframe} or {@link #abort}.
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
    /** Holds an event clip (the camera records events only), not continuous video. */
    boolean eventClip;
    long lastSequence;
    long lastMicros;
    /** The committed segment this one goes on with, or null for a new segment. */
    final Segment replaces;
    private final ObjectStore.PendingObject pending;
    /** Bytes in the pending object, so a segment can be cut at a fragment boundary. */
    private long written;
    private final SegmentWriter writer;
    /** Where the segment stood when its last keyframe (not its first frame) was added, or null. */
    private Cut lastKeyframe;
    /** Bytes of the init segment this writer wrote (0 when continuing: the old file's init is copied). */
    private final long initBytes;
    private Segment finished;

    /** The segment up to a keyframe: its bytes, frames, ticks and last sequence before it. */
    private record Cut(long bytes, int frames, long durationTicks, long lastSequence, long lastMicros) {
    }

    SegmentFile(ObjectStore store, String serial, VideoTrack track, long baseDecodeTime, long bootId,
                long firstSequence, boolean discontinuity, long maxSampleMicros) throws IOException {
        this.track = track;
        this.baseDecodeTime = baseDecodeTime;
        this.startMicros = ticksToMicros(baseDecodeTime);
        this.bootId = bootId;
        this.firstSequence = firstSequence;
        this.lastSequence = firstSequence;
        this.discontinuity = discontinuity;
        this.replaces = null;
        this.key = newKey(serial, startMicros);
        this.pending = store.create(key);
        try {
            // The file starts at decode time 0 so that it tells its true length to any tool that
            // reads it alone; the archive shifts it onto the camera's timeline (baseDecodeTime, kept
            // in the index) when it serves it. See DecodeTimeShift.
            this.writer = new SegmentWriter(track, 0, output(),
                    new SampleClock(VideoTrack.TIMESCALE, 40_000, maxSampleMicros), 1, true);
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
        this.initBytes = written;
    }

    /**
     * Reopens {@code old}, a committed segment of {@code track}: copies its bytes into a new pending
     * object and continues it. Its last frame keeps the duration it was committed with, so the copied
     * bytes stay exactly as they were (a reader that fetched the old file holds a prefix of the new
     * one); the next frame's decode time follows on.
     *
     * @throws IOException the old file cannot be read, or its track is not {@code track} (then the
     *                     continuation would not decode)
     */
    static SegmentFile continuing(ObjectStore store, Segment old, VideoTrack track, long maxSampleMicros)
            throws IOException {
        byte[] init;
        try (InputStream in = store.read(old.storageKey(), 0, old.initSize())) {
            init = in.readAllBytes();
        }
        try {
            if (!SegmentReader.read(init, null).track().track().sameConfiguration(track)) {
                throw new IOException("segment " + old.storageKey() + " has another stream format");
            }
        } catch (MalformedMp4Exception e) {
            throw new IOException("segment " + old.storageKey() + " has an unreadable init: " + e.getMessage(), e);
        }
        return new SegmentFile(store, old, track, maxSampleMicros);
    }

    private SegmentFile(ObjectStore store, Segment old, VideoTrack track, long maxSampleMicros) throws IOException {
        this.track = track;
        this.baseDecodeTime = old.baseDecodeTime();
        this.startMicros = old.startMicros();
        this.bootId = old.bootId();
        this.firstSequence = old.firstSequence();
        this.lastSequence = old.lastSequence();
        this.lastMicros = old.endMicros();
        this.discontinuity = old.discontinuity();
        this.eventClip = old.eventClip();
        this.replaces = old;
        this.key = newKey(old.cameraSerial(), startMicros);
        this.pending = store.create(key);
        try {
            try (InputStream in = store.read(old.storageKey(), 0, old.sizeBytes())) {
                written = in.transferTo(pending.stream());
            }
            // One frame per fragment, so the old file holds as many fragments as frames.
            this.writer = SegmentWriter.continuing(track, old.durationTicks(), old.frames() + 1L, output(),
                    new SampleClock(VideoTrack.TIMESCALE, 40_000, maxSampleMicros), 1);
        } catch (IOException | RuntimeException e) {
            pending.close();
            throw e;
        }
        this.initBytes = 0;
    }

    private static String newKey(String serial, long startMicros) {
        return serial + "/" + DAY.format(Instant.ofEpochSecond(0, startMicros * 1000)) + "/" + startMicros + "-"
                + Integer.toHexString(ThreadLocalRandom.current().nextInt() | 0x10000000) + ".mp4";
    }

    /** What the writer writes goes to the pending object, counted. */
    private FragmentOutput output() {
        return bytes -> {
            pending.write(bytes);
            written += bytes.readableBytes();
        };
    }

    /** Adds a unit placed at {@code timeMicros} (its bytes are retained until written, not copied). */
    void add(TimedUnit unit, long timeMicros) throws IOException {
        boolean keyframe = unit.keyframe() && writer.frames() > 0;
        long before = lastSequence;
        long beforeMicros = lastMicros;
        writer.add(unit.payload(), unit.index(), timeMicros, unit.captureWallMillis());
        if (keyframe) {
            // The frame before this keyframe is written now (its length known); this one waits in the writer.
            lastKeyframe = new Cut(written, writer.frames() - 1, writer.writtenDurationTicks(), before, beforeMicros);
        }
        lastSequence = unit.sequence();
        lastMicros = timeMicros;
    }

    int frames() {
        return writer.frames() + (replaces == null ? 0 : replaces.frames());
    }

    /**
     * Writes the last fragment (lasting until {@code nextMicros}, or the usual frame time) and returns
     * the index row, without an id; a continued segment's row counts the old frames and bytes too.
     */
    Segment finish(String serial, long nextMicros) throws IOException {
        SegmentInfo info = nextMicros == Long.MIN_VALUE ? writer.finish() : writer.finish(nextMicros);
        finished = row(serial, info.size(), info.initSize(), info.frames(), info.durationTicks(), lastSequence);
        return finished;
    }

    /**
     * Ends the segment where its last keyframe starts (that keyframe and what follows are left out);
     * returns the row, or null when nothing before that keyframe is new (no keyframe since the first
     * frame: the caller discards the segment). A store that cannot cut a pending object gets the
     * whole segment ({@link #finish}).
     */
    Segment finishAtLastKeyframe(String serial) throws IOException {
        Cut cut = lastKeyframe;
        if (cut == null) {
            return null;
        }
        try {
            pending.truncate(cut.bytes());
        } catch (IOException e) {
            return finish(serial, Long.MIN_VALUE);
        }
        writer.discard(); // the keyframe and what followed it, not written
        written = cut.bytes();
        lastSequence = cut.lastSequence();
        lastMicros = cut.lastMicros();
        finished = row(serial, cut.bytes() - (replaces == null ? 0 : replaces.sizeBytes()),
                initBytes, cut.frames(), cut.durationTicks(), cut.lastSequence());
        return finished;
    }

    /** The row of a finished segment, for what this writer added (plus the old segment it continues). */
    private Segment row(String serial, long size, long initSize, int frames, long durationTicks, long last) {
        if (replaces != null) {
            size += replaces.sizeBytes();
            initSize = replaces.initSize();
            frames += replaces.frames();
            durationTicks += replaces.durationTicks();
        }
        long endMicros = ticksToMicros(baseDecodeTime + durationTicks);
        return new Segment(0, serial, startMicros, endMicros, key, size, initSize, frames, track.timescale(),
                baseDecodeTime, durationTicks, track.codecString(), track.width(), track.height(), discontinuity,
                bootId, firstSequence, last, System.currentTimeMillis(), eventClip);
    }

    /** The row {@link #finish} gave, or null before. */
    Segment finished() {
        return finished;
    }

    /** Makes the finished object durable; may be called again after an IOException. */
    void commit() throws IOException {
        pending.commit();
    }

    void abort() {
        writer.discard();
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
