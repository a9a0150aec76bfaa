package camcloud.cloud.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets new connections in at the pace the gateway shakes hands. Each accepted connection takes a
 * stranger's place ({@link Strangers}) and gets the gateway's pipeline; once the node's places
 * ({@link StrangerLimits#total()}) are all taken, the gateway stops accepting until a stranger
 * authenticates or leaves. The next connections wait in the kernel's accept backlog meanwhile (and
 * beyond it, their SYNs are retried): a reconnect storm of a whole node's cameras is let in as fast
 * as handshakes finish, none refused, while the handshakes in flight stay few enough that the
 * event loops keep serving the cameras already connected. A connection from an address with too
 * many strangers is still refused at once (a flood from one place).
 *
 * <pre>{@code
 * new ServerBootstrap()
 *         .option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1))
 *         .handler(new GatewayAcceptor(strangers, pipeline, refused))  // the server channel's, before Netty's acceptor
 * }</pre>
 *
 * <p>One connection accepted per read, so the pause lands before the next accept. Runs on the server
 * channel's event loop; {@link #placeFreed} may be called from any thread.
 *
 * <p>Ownership: a refused connection is closed here; an admitted one is passed on to Netty's acceptor.
 */
final class GatewayAcceptor extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(GatewayAcceptor.class);

    private final Strangers strangers;
    private final BiConsumer<Channel, Strangers.Admission> pipeline;
    private final BiConsumer<Channel, Strangers.Refusal> refused;
    /** When the next "accepting paused" line may be logged (System.nanoTime): pauses come by the hundred in a storm. */
    private final AtomicLong nextPauseLine = new AtomicLong(System.nanoTime());
    private volatile ChannelHandlerContext server;
    private volatile boolean paused;

    /**
     * @param pipeline builds an admitted connection's pipeline (the connection is not registered yet)
     * @param refused  counts and logs a refusal; the acceptor closes the connection
     */
    GatewayAcceptor(Strangers strangers, BiConsumer<Channel, Strangers.Admission> pipeline,
                    BiConsumer<Channel, Strangers.Refusal> refused) {
        this.strangers = strangers;
        this.pipeline = pipeline;
        this.refused = refused;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        server = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Channel child = (Channel) msg;
        Strangers.Admission admission = strangers.admit(child.remoteAddress());
        if (!admission.admitted()) {
            refused.accept(child, admission.refusal());
            child.unsafe().closeForcibly(); // not registered yet: nothing else holds it
            return;
        }
        pipeline.accept(child, admission);
        if (strangers.full()) {
            pause(ctx.channel().config());
        }
        ctx.fireChannelRead(child);
    }

    /** A stranger authenticated or left: accepting resumes if it was paused. Callable from any thread. */
    void placeFreed() {
        ChannelHandlerContext ctx = server;
        if (paused && ctx != null) {
            ctx.executor().execute(() -> {
                if (paused && !strangers.full()) {
                    paused = false;
                    ctx.channel().config().setAutoRead(true);
                }
            });
        }
    }

    private void pause(ChannelConfig config) {
        paused = true;
        config.setAutoRead(false);
        long now = System.nanoTime();
        long next = nextPauseLine.get();
        if (now - next >= 0 && nextPauseLine.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(10))) {
            log.info("gateway: {} connections are shaking hands (gateway.unauthenticated.max); new ones wait in the "
                    + "accept backlog until one is done (one such line per 10 s at most)", strangers.open());
        }
    }
}
