package camcloud.device.uplink;

import io.netty.buffer.ByteBuf;

/**
 * One access unit waiting in the {@link UploadBuffer} until the cloud acknowledges it as persisted,
 * or held back as pre-roll while a camera that records events only waits for an event.
 *
 * <p>Ownership: the unit owns one reference to {@code payload}; the buffer releases it when the unit
 * is acknowledged, dropped or the buffer is closed. Senders send a {@code retainedDuplicate()} of it,
 * so the bytes stay for a resend after a reconnect.
 */
final class BufferedUnit {

    private final long sequence;
    private final boolean keyframe;
    private final long captureMicros;
    private final long wallMillis;
    private final ByteBuf payload;
    private final FormatSlot format;
    /** Sent for live viewers only: the cloud does not record it. */
    boolean liveOnly;
    /** Part of an event clip (events-only recording). */
    boolean eventClip;
    /** The first unit of a clip whose pre-roll went up as live-only video: that pre-roll's keyframe; else -1. */
    long clipFrom = -1;

    /**
     * @param sequence      the uplink's sequence number (per camera boot, +1 per unit, never reused)
     * @param keyframe      an IDR access unit: a decoder can start here, so it starts a GOP
     * @param captureMicros monotonic capture time
     * @param wallMillis    the camera's wall clock at capture
     * @param payload       the Annex B bytes, copied once out of the shared-memory ring
     * @param format        the stream format this unit is coded in (filled in once known)
     */
    BufferedUnit(long sequence, boolean keyframe, long captureMicros, long wallMillis, ByteBuf payload,
                 FormatSlot format) {
        this.sequence = sequence;
        this.keyframe = keyframe;
        this.captureMicros = captureMicros;
        this.wallMillis = wallMillis;
        this.payload = payload;
        this.format = format;
    }

    long sequence() {
        return sequence;
    }

    boolean keyframe() {
        return keyframe;
    }

    long captureMicros() {
        return captureMicros;
    }

    long wallMillis() {
        return wallMillis;
    }

    ByteBuf payload() {
        return payload;
    }

    FormatSlot format() {
        return format;
    }

    int size() {
        return payload.readableBytes();
    }
}
