package camcloud.cloud.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a new connection to the rules for strangers until it authenticates: the TLS handshake and
 * the first exchange must be done within {@link StrangerLimits#deadline()}, and the connection keeps
 * its place in {@link Strangers} until then. It logs one short line for a connection that fails
 * before TLS is up: "not TLS" with its first bytes made printable (instead of Netty's hex dump of
 * everything it sent), a failed handshake, or no handshake in time. Once TLS is up, the session
 * explains a missed deadline itself (it knows what it was waiting for).
 *
 * <pre>{@code
 * pipeline.addLast("stranger", new StrangerGuard(admission, tls, limits, stats)); // first: sees the raw bytes
 * pipeline.addLast("ssl", tls);                                                    // handshake timeout off: ours
 * pipeline.addLast("frameDecoder", new FrameDecoder(limits.frameLimits()));
 * pipeline.addLast("frameEncoder", ...);
 * pipeline.addLast("router", new SessionRouter(gateway));                          // then the session
 * }</pre>
 *
 * <p>Events: a session calls {@link #authenticated(Channel)} once its peer proved who it is; the
 * guard then gives the place back, cancels the deadline and leaves the pipeline. When the deadline
 * passes with TLS up, the guard sends {@link Event#DEADLINE_PASSED} down the pipeline (the session says
 * Goodbye and why) and closes the connection itself after {@link Goodbyes#LINGER_MILLIS} whatever
 * the session did.
 *
 * <p>Ownership: passes every message on untouched; keeps a copy of at most {@value #FIRST_BYTES}
 * bytes of the first read, for the log line.
 */
final class StrangerGuard extends ChannelInboundHandlerAdapter {

    /** The user events of this handler. */
    enum Event {
        /** Fired from the head of the pipeline by {@link #authenticated(Channel)}; the guard takes it. */
        AUTHENTICATED,
        /** Sent towards the session: TLS is up but the connection did not authenticate in time. */
        DEADLINE_PASSED
    }

    static final int FIRST_BYTES = 16;

    private static final Logger log = LoggerFactory.getLogger(StrangerGuard.class);

    private final Strangers.Admission admission;
    private final SslHandler tls;
    private final StrangerLimits limits;
    private final GatewayStats stats;
    private String remote;
    private byte[] firstBytes;
    private ScheduledFuture<?> deadline;
    /** We closed it for the deadline: its handshake then fails, and that is not worth a second line. */
    private boolean closedForDeadline;

    StrangerGuard(Strangers.Admission admission, SslHandler tls, StrangerLimits limits, GatewayStats stats) {
        this.admission = admission;
        this.tls = tls;
        this.limits = limits;
        this.stats = stats;
    }

    /** The session's peer proved who it is: it is no stranger any more. Call on the channel's event loop. */
    static void authenticated(Channel channel) {
        channel.pipeline().fireUserEventTriggered(Event.AUTHENTICATED);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        remote = CameraSession.describe(ctx.channel());
        deadline = ctx.executor().schedule(() -> deadlinePassed(ctx), limits.deadline().toMillis(),
                TimeUnit.MILLISECONDS);
        tls.handshakeFuture().addListener(handshake -> handshakeDone(handshake));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (firstBytes == null && msg instanceof ByteBuf bytes) {
            firstBytes = new byte[Math.min(FIRST_BYTES, bytes.readableBytes())];
            bytes.getBytes(bytes.readerIndex(), firstBytes);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt != Event.AUTHENTICATED) {
            super.userEventTriggered(ctx, evt);
            return;
        }
        deadline.cancel(false);
        admission.release();
        ctx.pipeline().remove(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        deadline.cancel(false);
        admission.release();
        super.channelInactive(ctx);
    }

    private void handshakeDone(Future<?> handshake) {
        if (handshake.isSuccess() || closedForDeadline) {
            return;
        }
        Throwable cause = handshake.cause();
        if (causedBy(cause, NotSslRecordException.class)) {
            stats.count(GatewayStats.Closed.NOT_TLS);
            log.info("gateway: {} does not speak TLS (sent \"{}\"); closed", remote, printable(firstBytes));
        } else if (causedBy(cause, ClosedChannelException.class)) {
            // The peer went away before or during the handshake: a port check, a camera losing its network.
            log.debug("gateway: {} closed before its TLS handshake finished", remote);
        } else {
            // Also where a camera with a certificate the platform CA did not issue ends up.
            stats.count(GatewayStats.Closed.TLS_FAILED);
            log.warn("gateway: TLS handshake with {} failed: {}", remote,
                    CameraSession.truncate(String.valueOf(cause.getMessage())));
        }
    }

    private void deadlinePassed(ChannelHandlerContext ctx) {
        if (!ctx.channel().isActive()) {
            return;
        }
        long seconds = Math.max(1, limits.deadline().toSeconds());
        if (!tls.handshakeFuture().isDone()) {
            closedForDeadline = true;
            stats.count(GatewayStats.Closed.NO_TLS_HANDSHAKE);
            log.info("gateway: {} did not finish a TLS handshake within {} s; closed", remote, seconds);
            ctx.close(); // from here, past the TLS handler: there is no TLS to close
            return;
        }
        stats.count(GatewayStats.Closed.NO_FIRST_MESSAGE);
        ctx.fireUserEventTriggered(Event.DEADLINE_PASSED);
        Channel channel = ctx.channel();
        ctx.executor().schedule(() -> channel.close(), Goodbyes.LINGER_MILLIS, TimeUnit.MILLISECONDS);
    }

    private static boolean causedBy(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** Printable ASCII as it is, every other byte as '.', so a log line shows what a stranger sent and nothing else. */
    static String printable(byte[] bytes) {
        if (bytes == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            s.append(b >= 0x20 && b < 0x7F && b != '"' && b != '\\' ? (char) b : '.');
        }
        return s.toString();
    }
}
