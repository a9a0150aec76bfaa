package camcloud.protocol;

import camcloud.protocol.v1.Envelope;
import com.google.protobuf.CodedInputStream;
import io.netty.buffer.ByteBuf;

/**
 * Cuts frames out of a byte stream. Pure: no I/O, no state besides the limits, so it is easy to fuzz.
 *
 * <p>Every input gives one of three results and never an exception: {@link Result.NeedMore} (wait for
 * bytes), {@link Result.Decoded} (a frame; its payload is a retained slice of the input, not a copy)
 * or {@link Result.Malformed} (a reason; the stream cannot be trusted any more and the connection
 * should close). A length prefix over the limit is refused before its bytes arrive.
 */
public final class FrameReader {

    private final FrameLimits limits;

    public FrameReader(FrameLimits limits) {
        this.limits = limits;
    }

    /** The outcome of one {@link #read(ByteBuf)}. */
    public sealed interface Result {
        /** Not enough bytes yet; nothing was consumed. */
        record NeedMore() implements Result {
        }

        /** One frame; the input's reader index moved past it. The caller owns the frame. */
        record Decoded(Frame frame) implements Result {
        }

        /** The stream is broken; {@code reason} says why in words fit for a log line. */
        record Malformed(String reason) implements Result {
        }
    }

    private static final Result NEED_MORE = new Result.NeedMore();

    /** Reads at most one frame from {@code in}, starting at its reader index. */
    public Result read(ByteBuf in) {
        int available = in.readableBytes();
        if (available < 4) {
            return NEED_MORE;
        }
        int start = in.readerIndex();
        long frameLength = in.getUnsignedInt(start);
        if (frameLength < 2) {
            return new Result.Malformed("frame length " + frameLength + " is shorter than its header length field");
        }
        if (frameLength > limits.maxFrameBytes()) {
            return new Result.Malformed("frame length " + frameLength + " exceeds the limit of "
                    + limits.maxFrameBytes() + " bytes");
        }
        if (available < 4 + frameLength) {
            return NEED_MORE;
        }
        int headerLength = in.getUnsignedShort(start + 4);
        if (headerLength == 0) {
            return new Result.Malformed("frame has an empty header");
        }
        if (headerLength > frameLength - 2) {
            return new Result.Malformed("header length " + headerLength + " exceeds frame length " + frameLength);
        }
        Envelope header;
        try {
            CodedInputStream input = CodedInputStream.newInstance(in.nioBuffer(start + 6, headerLength));
            header = Envelope.parseFrom(input);
            input.checkLastTagWas(0);
        } catch (Exception e) {
            // InvalidProtocolBufferException for bad bytes; anything else is still the peer's fault.
            return new Result.Malformed("header is not a valid Envelope: " + e.getMessage());
        }
        int payloadLength = (int) frameLength - 2 - headerLength;
        ByteBuf payload = in.retainedSlice(start + 6 + headerLength, payloadLength);
        in.readerIndex(start + 4 + (int) frameLength);
        return new Result.Decoded(Frame.withPayload(header, payload));
    }
}
