package camcloud.device.uplink;

import io.netty.buffer.ByteBuf;

/**
 * One access unit waiting in the {@link UploadBuffer} until the cloud acknowledges it as persisted.
 *
 * <p>Ownership: the unit owns one reference to {@code payload}; the buffer releases it when the unit
 * is acknowledged, dropped or the buffer is closed. Senders send a {@code retainedDuplicate()} of it,
 * so the bytes stay for a resend after a reconnect.
 *
 * @param sequence      the uplink's sequence number (per camera boot, +1 per unit, never reused)
 * @param keyframe      an IDR access unit: a decoder can start here, so it starts a GOP
 * @param captureMicros monotonic capture time
 * @param wallMillis    the camera's wall clock at capture
 * @param payload       the Annex B bytes, copied once out of the shared-memory ring
 * @param format        the stream format this unit is coded in (filled in once known)
 */
record BufferedUnit(long sequence, boolean keyframe, long captureMicros, long wallMillis, ByteBuf payload,
                    FormatSlot format) {

    int size() {
        return payload.readableBytes();
    }
}
