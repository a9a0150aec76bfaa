package camcloud.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Turns bytes from the peer into {@link Frame}s, or into one {@link MalformedFrame} after which every
 * further byte is discarded (the stream has lost its framing and cannot be trusted).
 *
 * <pre>{@code
 * pipeline.addLast("ssl", sslHandler);
 * pipeline.addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT));
 * pipeline.addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT));
 * pipeline.addLast("session", sessionHandler);
 * }</pre>
 *
 * <p>Ownership: each emitted frame is owned by the next handler, which releases it. The payload is a
 * retained slice of the cumulation buffer, so media bytes are never copied here.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    private FrameReader reader;
    private boolean broken;

    public FrameDecoder(FrameLimits limits) {
        this.reader = new FrameReader(limits);
    }

    /**
     * Cuts the next frames with {@code limits}: a server starts a connection with
     * {@link FrameLimits#UNAUTHENTICATED} and widens the limit once the peer proved who it is. Call
     * it on the channel's event loop.
     */
    public void limits(FrameLimits limits) {
        this.reader = new FrameReader(limits);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (broken) {
            in.skipBytes(in.readableBytes());
            return;
        }
        FrameReader.Result result = reader.read(in);
        if (result instanceof FrameReader.Result.Decoded decoded) {
            out.add(decoded.frame());
        } else if (result instanceof FrameReader.Result.Malformed malformed) {
            broken = true;
            in.skipBytes(in.readableBytes());
            out.add(new MalformedFrame(malformed.reason()));
        }
    }
}
