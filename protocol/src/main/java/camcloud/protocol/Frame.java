package camcloud.protocol;

import camcloud.protocol.v1.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One protocol frame: a protobuf {@link Envelope} header and an optional raw payload (media bytes).
 *
 * <p>Ownership: a frame owns one reference to its payload. Whoever receives a frame releases it once
 * done ({@link #release()}); whoever passes the payload on unchanged to several consumers retains it
 * once per extra consumer ({@link #retainedPayload()}). Control frames have an empty payload and are
 * free to release or not.
 */
public final class Frame extends AbstractReferenceCounted {

    private final Envelope header;
    private final ByteBuf payload;

    private Frame(Envelope header, ByteBuf payload) {
        this.header = header;
        this.payload = payload;
    }

    /** A control frame: header only. */
    public static Frame of(Envelope header) {
        return new Frame(header, Unpooled.EMPTY_BUFFER);
    }

    /** A frame carrying {@code payload}; the frame takes over the caller's reference to it. */
    public static Frame withPayload(Envelope header, ByteBuf payload) {
        return new Frame(header, payload);
    }

    public Envelope header() {
        return header;
    }

    /** The payload, valid while this frame is not released. Not retained for the caller. */
    public ByteBuf payload() {
        return payload;
    }

    /** A retained duplicate of the payload that the caller must release; the bytes are not copied. */
    public ByteBuf retainedPayload() {
        return payload.retainedDuplicate();
    }

    public Envelope.BodyCase kind() {
        return header.getBodyCase();
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
    public String toString() {
        return "Frame(" + kind() + ", payload " + payload.readableBytes() + " B)";
    }
}
