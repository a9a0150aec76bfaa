package camcloud.device.uplink;

import camcloud.protocol.Frame;
import camcloud.protocol.v1.Envelope;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.List;

/**
 * Connects one agent session to the camera's {@link MediaUplink}: when the Welcome lets the camera
 * stream ({@link #acceptsMedia}), streaming starts; {@code MediaAck}s go to the upload
 * buffer; writability changes resume sending; the end of the connection ends streaming.
 *
 * <pre>{@code
 * pipeline.addLast("ssl", ...); pipeline.addLast("idle", ...);
 * pipeline.addLast("frameDecoder", ...); pipeline.addLast("frameEncoder", ...);
 * pipeline.addLast("uplink", new UplinkHandler(uplink));   // before the session handler
 * pipeline.addLast("session", new AgentSession(agent));
 * }</pre>
 *
 * <p>Ownership: releases the {@code MediaAck} and {@code LiveDemand} frames it consumes; passes every other frame on
 * unchanged (the session handler releases it). Writes go out through {@code frameEncoder}, which
 * consumes them; media payloads are retained duplicates of the upload buffer's, which keeps its own
 * reference until the unit is acknowledged.
 */
public final class UplinkHandler extends ChannelInboundHandlerAdapter {

    private final MediaUplink uplink;
    private boolean streaming;

    public UplinkHandler(MediaUplink uplink) {
        this.uplink = uplink;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame frame && frame.kind() == Envelope.BodyCase.MEDIA_ACK) {
            try {
                if (streaming) {
                    uplink.acknowledged(frame.header().getMediaAck().getPersistedSequence());
                }
            } finally {
                frame.release();
            }
            return;
        }
        if (msg instanceof Frame frame && frame.kind() == Envelope.BodyCase.LIVE_DEMAND) {
            try {
                if (streaming) {
                    uplink.liveDemand(frame.header().getLiveDemand());
                }
            } finally {
                frame.release();
            }
            return;
        }
        boolean mediaWelcome = !streaming && msg instanceof Frame frame && frame.kind() == Envelope.BodyCase.WELCOME
                && acceptsMedia(frame.header().getWelcome().getCapabilitiesList());
        ctx.fireChannelRead(msg); // the session handles the Welcome first (heartbeats, status)
        if (mediaWelcome && ctx.channel().isActive()) {
            streaming = true;
            uplink.sessionStarted(ctx);
        }
    }

    /**
     * A cloud that lists its capabilities and leaves {@value MediaUplink#CAPABILITY} out gets no
     * media. One that lists none is taken to accept it: every gateway of protocol version 1 handles
     * media frames (and one that did not would skip them as unknown messages), and today's gateway
     * does not list its capabilities in the Welcome.
     */
    static boolean acceptsMedia(List<String> welcomeCapabilities) {
        return welcomeCapabilities.isEmpty() || welcomeCapabilities.contains(MediaUplink.CAPABILITY);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (streaming && ctx.channel().isWritable()) {
            uplink.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (streaming) {
            streaming = false;
            uplink.sessionEnded(ctx);
        }
        ctx.fireChannelInactive();
    }
}
