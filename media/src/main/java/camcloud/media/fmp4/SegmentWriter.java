package camcloud.media.fmp4;

import camcloud.media.h264.AccessUnit;
import camcloud.media.h264.NalIndex;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes one recorded segment — init segment then fragments — to a stream as frames arrive, so a
 * recorder never holds more than one fragment in memory and a file cut short by a crash holds
 * every fragment written before. Each frame is held until the next one arrives, because a
 * sample's duration is the gap to the next capture time ({@link SampleClock} sanitizes it).
 *
 * <pre>{@code
 * SegmentWriter segment = new SegmentWriter(track, decodeTime, out, SampleClock.standard(), 1, true);
 * segment.add(keyframe, index, captureMicros, wallClockMillis); ... segment.add(frame, index, ...);
 * SegmentInfo info = segment.finish(nextKeyframeCaptureMicros); // the frame that starts the next segment
 * }</pre>
 *
 * <p>Decode times: {@code baseDecodeTime} places the segment on the camera's recording timeline.
 * Keep that timeline monotonic for the camera's whole archive (e.g. ticks since the camera's first
 * recorded frame), jumping forward over gaps: hls.js needs consecutive segments to continue each
 * other's decode times, and ffmpeg drops the first fragment after a decode time that goes
 * backwards even across an {@code EXT-X-DISCONTINUITY}. Consequence: ffprobe reports a single
 * fragmented segment's "duration" as its end time (start_time + length);
 * {@link SegmentInfo#durationTicks()} is the real length.
 *
 * <p>{@link #continuing} appends to a segment written before (a recorder that closed a segment and
 * then received more of its last GOP): the bytes it writes, after the old file's bytes, make one
 * segment whose fragments and decode times go on where the old ones stopped.
 *
 * <p>Zero-copy: a frame's bytes are retained (not copied) until its fragment is written, and a
 * fragment reaches {@code out} as header bytes plus slices of the frames' bytes ({@link FragmentWriter}).
 * A writer holds at most one fragment's frames: call {@link #discard} when giving it up unfinished.
 *
 * <p>Not thread-safe. The output is not closed.
 */
public final class SegmentWriter {

    private final FragmentOutput out;
    private final SampleClock clock;
    private final int samplesPerFragment;
    private final FragmentWriter fragments;
    private final List<Sample> batch = new ArrayList<>();
    private final long baseDecodeTime;
    private final long initSize;
    private final int timescale;
    private final boolean continuation;
    private long batchDecodeTime;
    private long batchWallClockMillis;
    private long nextDecodeTime;
    /** The frame waiting for its duration: a reference of our own, released once written. */
    private ByteBuf pending;
    private NalIndex pendingIndex;
    private long pendingCaptureMicros;
    private long pendingWallClockMillis;
    private int frames;
    private long size;
    private boolean finished;

    /**
     * Starts a segment and writes its init segment (if {@code withInit}).
     *
     * @param baseDecodeTime     decode time of the first frame in the track timescale (the recorder's
     *                           timeline position, so consecutive segments continue each other)
     * @param samplesPerFragment frames per moof/mdat pair, 1 or more
     */
    public SegmentWriter(VideoTrack track, long baseDecodeTime, FragmentOutput out, SampleClock clock,
                         int samplesPerFragment, boolean withInit) throws IOException {
        this(track, baseDecodeTime, out, clock, samplesPerFragment, withInit, new FragmentWriter(), false);
    }

    /**
     * Goes on with a segment of {@code track} whose bytes so far (init and fragments) the caller has
     * already written to {@code out}: no init is written, the first fragment gets mfhd number
     * {@code nextFragment} and decode time {@code decodeTime} (where the old fragments ended), and the
     * first frame may be a non-keyframe, since it follows the old frames. The {@link SegmentInfo} that
     * {@link #finish} returns counts only what this writer added.
     */
    public static SegmentWriter continuing(VideoTrack track, long decodeTime, long nextFragment, FragmentOutput out,
                                           SampleClock clock, int samplesPerFragment) throws IOException {
        return new SegmentWriter(track, decodeTime, out, clock, samplesPerFragment, false,
                new FragmentWriter(nextFragment), true);
    }

    private SegmentWriter(VideoTrack track, long baseDecodeTime, FragmentOutput out, SampleClock clock,
                          int samplesPerFragment, boolean withInit, FragmentWriter fragments, boolean continuation)
            throws IOException {
        this.fragments = fragments;
        this.continuation = continuation;
        if (samplesPerFragment < 1) {
            throw new IllegalArgumentException("samplesPerFragment must be at least 1, was " + samplesPerFragment);
        }
        if (baseDecodeTime < 0) {
            throw new IllegalArgumentException("baseDecodeTime must not be negative, was " + baseDecodeTime);
        }
        this.out = out;
        this.clock = clock;
        this.samplesPerFragment = samplesPerFragment;
        this.baseDecodeTime = baseDecodeTime;
        this.nextDecodeTime = baseDecodeTime;
        this.timescale = track.timescale();
        byte[] init = withInit ? InitSegment.of(track) : new byte[0];
        out.write(Unpooled.wrappedBuffer(init));
        this.initSize = init.length;
        this.size = init.length;
    }

    /**
     * Adds the next frame in capture order. The first frame must be a keyframe: a segment is a
     * place a player can start (a {@link #continuing} writer's first frame follows the old ones).
     *
     * @param annexB the frame's bytes; the writer retains them until written (the caller keeps its reference)
     * @param index  {@link NalIndex#scan} of {@code annexB}, without error
     */
    public void add(ByteBuf annexB, NalIndex index, long captureMicros, long wallClockMillis) throws IOException {
        if (finished) {
            throw new IllegalStateException("segment already finished");
        }
        if (index.error() != null) {
            throw new IllegalArgumentException("not a usable access unit: " + index.error());
        }
        if (pending == null && frames == 0 && !continuation && !index.keyframe()) {
            throw new IllegalArgumentException("a segment must start with a keyframe (IDR)");
        }
        if (pending != null) {
            append(clock.duration(pendingCaptureMicros, captureMicros));
        }
        pending = annexB.retain();
        pendingIndex = index;
        pendingCaptureMicros = captureMicros;
        pendingWallClockMillis = wallClockMillis;
    }

    /** Adds a frame that was parsed into NAL units (tools and tests): its Annex B bytes are made once. */
    public void add(AccessUnit unit, long captureMicros, long wallClockMillis) throws IOException {
        ByteBuf annexB = Unpooled.wrappedBuffer(unit.toAnnexB());
        try {
            add(annexB, NalIndex.scan(annexB), captureMicros, wallClockMillis);
        } finally {
            annexB.release();
        }
    }

    /**
     * Ends the segment; the last frame lasts until {@code nextCaptureMicros} (the capture time of
     * the frame that starts the next segment).
     */
    public SegmentInfo finish(long nextCaptureMicros) throws IOException {
        if (pending != null) {
            append(clock.duration(pendingCaptureMicros, nextCaptureMicros));
        }
        return close();
    }

    /** Ends the segment when the next capture time is unknown: the last frame gets the usual duration. */
    public SegmentInfo finish() throws IOException {
        if (pending != null) {
            append(clock.estimatedDuration());
        }
        return close();
    }

    /** Frames added so far, including one still waiting for its duration. */
    public int frames() {
        return frames + (pending == null ? 0 : 1);
    }

    /** Ticks covered by frames already written. */
    public long writtenDurationTicks() {
        return nextDecodeTime - baseDecodeTime;
    }

    private void append(int duration) throws IOException {
        if (batch.isEmpty()) {
            batchDecodeTime = nextDecodeTime;
            batchWallClockMillis = pendingWallClockMillis;
        }
        batch.add(new Sample(pending, pendingIndex, duration));
        nextDecodeTime += duration;
        frames++;
        pending = null;
        pendingIndex = null;
        if (batch.size() >= samplesPerFragment) {
            flush();
        }
    }

    private void flush() throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        ByteBuf fragment = fragments.write(batchDecodeTime, batch,
                ProducerReferenceTime.ofMillis(batchWallClockMillis, batchDecodeTime));
        try {
            releaseBatch();
            out.write(fragment);
            size += fragment.readableBytes();
        } finally {
            fragment.release();
        }
    }

    private void releaseBatch() {
        for (Sample sample : batch) {
            sample.annexB().release();
        }
        batch.clear();
    }

    /**
     * Gives the segment up unfinished: the frames not written yet (the one waiting for its duration,
     * a partly filled fragment) are let go. Safe to call more than once and after {@link #finish}.
     */
    public void discard() {
        releaseBatch();
        if (pending != null) {
            pending.release();
            pending = null;
            pendingIndex = null;
        }
        finished = true;
    }

    private SegmentInfo close() throws IOException {
        if (finished) {
            throw new IllegalStateException("segment already finished");
        }
        flush();
        finished = true;
        return new SegmentInfo(baseDecodeTime, nextDecodeTime - baseDecodeTime, timescale, frames, initSize, size);
    }
}
