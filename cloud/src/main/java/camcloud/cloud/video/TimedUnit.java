package camcloud.cloud.video;

import camcloud.media.h264.NalIndex;
import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One access unit placed on the cloud's timeline: the frame path's unit from the gateway to the
 * recorder and the live viewers.
 *
 * <p>The payload was scanned once, at ingest: its {@link NalIndex} (where the NAL units are, whether it
 * is a keyframe) travels with it, so no later stage parses it again.
 *
 * <p>Ownership: a unit holds one reference to its payload (a slice of the camera connection's
 * buffer, never copied). Each receiver that keeps the unit beyond the call {@link #retain()}s it and
 * releases it when done; the sender releases its own reference after handing it out.
 */
public final class TimedUnit extends AbstractReferenceCounted {

    private final long sequence;
    private final long timeMicros;
    private final long captureWallMillis;
    private final boolean keyframe;
    private final boolean discontinuity;
    private final ByteBuf payload;
    private final NalIndex index;
    private final boolean liveOnly;
    private final boolean eventClip;
    private final long clipFromSequence;

    /**
     * @param sequence          the camera's sequence number (for acknowledgements)
     * @param timeMicros        where the frame sits on the cloud's timeline, epoch microseconds
     * @param captureWallMillis the camera's wall clock at capture (for prft / latency; may be wrong)
     * @param keyframe          an IDR picture: a decoder can start here
     * @param discontinuity     a gap (or a timeline reset) lies right before this unit
     * @param payload           Annex B bytes; the unit takes over the caller's reference (scanned here)
     */
    public TimedUnit(long sequence, long timeMicros, long captureWallMillis, boolean keyframe, boolean discontinuity,
                     ByteBuf payload) {
        this(sequence, timeMicros, captureWallMillis, keyframe, discontinuity, payload, NalIndex.scan(payload), false,
                false, -1);
    }

    /**
     * @param liveOnly         for live viewers only: never recorded, acknowledged like a stored unit
     * @param eventClip        part of an event clip (the camera records events only)
     * @param clipFromSequence the first unit of a clip whose pre-roll came as live-only units: that
     *                         pre-roll's first sequence; else -1
     */
    public TimedUnit(long sequence, long timeMicros, long captureWallMillis, boolean keyframe, boolean discontinuity,
                     ByteBuf payload, boolean liveOnly, boolean eventClip, long clipFromSequence) {
        this(sequence, timeMicros, captureWallMillis, keyframe, discontinuity, payload, NalIndex.scan(payload),
                liveOnly, eventClip, clipFromSequence);
    }

    /**
     * @param index {@link NalIndex#scan} of {@code payload}, made by the caller (ingest scans each unit once);
     *              must hold no error
     */
    public TimedUnit(long sequence, long timeMicros, long captureWallMillis, boolean keyframe, boolean discontinuity,
                     ByteBuf payload, NalIndex index, boolean liveOnly, boolean eventClip, long clipFromSequence) {
        if (index.error() != null) {
            payload.release();
            throw new IllegalArgumentException("not a usable access unit: " + index.error());
        }
        this.index = index;
        this.liveOnly = liveOnly;
        this.eventClip = eventClip;
        this.clipFromSequence = clipFromSequence;
        this.sequence = sequence;
        this.timeMicros = timeMicros;
        this.captureWallMillis = captureWallMillis;
        this.keyframe = keyframe;
        this.discontinuity = discontinuity;
        this.payload = payload;
    }

    public long sequence() {
        return sequence;
    }

    public long timeMicros() {
        return timeMicros;
    }

    public long captureWallMillis() {
        return captureWallMillis;
    }

    public boolean keyframe() {
        return keyframe;
    }

    public boolean discontinuity() {
        return discontinuity;
    }

    /** Sent for live viewers only (events-only recording outside a clip): not recorded. */
    public boolean liveOnly() {
        return liveOnly;
    }

    /** Part of an event clip rather than continuous video. */
    public boolean eventClip() {
        return eventClip;
    }

    /** The first sequence of this clip's pre-roll, sent before as live-only units; -1 when there is none. */
    public long clipFromSequence() {
        return clipFromSequence;
    }

    /** The same unit as part of an event clip (a live-only unit that turned out to be a clip's pre-roll); a new reference. */
    public TimedUnit asEventClip() {
        return new TimedUnit(sequence, timeMicros, captureWallMillis, keyframe, discontinuity,
                payload.retainedDuplicate(), index, false, true, -1);
    }

    /** The Annex B bytes; valid while this unit is not released. */
    public ByteBuf payload() {
        return payload;
    }

    /** Where the payload's NAL units are (offsets from its reader index). */
    public NalIndex index() {
        return index;
    }

    @Override
    protected void deallocate() {
        payload.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public TimedUnit retain() {
        super.retain();
        return this;
    }
}
