package camcloud.protocol;

import camcloud.protocol.v1.Envelope;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writes frame prefixes and headers. The payload is never copied: callers send the returned prefix
 * buffer followed by the payload buffer (see {@link FrameEncoder}).
 */
public final class FrameWriter {

    private final FrameLimits limits;

    public FrameWriter(FrameLimits limits) {
        this.limits = limits;
    }

    /**
     * Allocates and fills {@code uint32 frame_length | uint16 header_length | header} for a frame
     * whose payload has {@code payloadLength} bytes. The caller owns the returned buffer.
     *
     * @throws IllegalArgumentException when the frame would break the limits (our own bug, not the peer's)
     */
    public ByteBuf prefix(ByteBufAllocator alloc, Envelope header, int payloadLength) {
        int headerLength = header.getSerializedSize();
        if (headerLength == 0 || headerLength > FrameLimits.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header of " + headerLength + " bytes cannot be framed");
        }
        long frameLength = 2L + headerLength + payloadLength;
        if (frameLength > limits.maxFrameBytes()) {
            throw new IllegalArgumentException("frame of " + frameLength + " bytes exceeds the limit of "
                    + limits.maxFrameBytes());
        }
        ByteBuf out = alloc.buffer(FrameLimits.PREFIX_BYTES + headerLength);
        try {
            out.writeInt((int) frameLength);
            out.writeShort(headerLength);
            header.writeTo(new ByteBufOutputStream(out));
            return out;
        } catch (IOException e) {
            out.release();
            throw new UncheckedIOException(e);
        }
    }

    /** A whole control frame (no payload) as one buffer. */
    public ByteBuf controlFrame(ByteBufAllocator alloc, Envelope header) {
        return prefix(alloc, header, 0);
    }
}
