package camcloud.protocol;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;

/**
 * Writes {@link Frame}s: a freshly allocated prefix (lengths and protobuf header) followed by the
 * frame's payload buffer itself, so media bytes reach the TLS engine without an extra copy.
 *
 * <p>Ownership: the encoder consumes the caller's reference to the frame (Netty releases the message
 * after {@code encode}); the payload is retained for the outbound write.
 */
public final class FrameEncoder extends MessageToMessageEncoder<Frame> {

    private final FrameWriter writer;

    public FrameEncoder(FrameLimits limits) {
        super(Frame.class);
        this.writer = new FrameWriter(limits);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        int payloadLength = frame.payload().readableBytes();
        out.add(writer.prefix(ctx.alloc(), frame.header(), payloadLength));
        if (payloadLength > 0) {
            out.add(frame.payload().retainedDuplicate());
        }
    }
}
