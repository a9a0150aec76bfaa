package camcloud.cloud.gateway;

import camcloud.cloud.control.CameraSettings;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.event.EventService;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.ingest.IngestServices;
import camcloud.cloud.pki.PlatformCa;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera gateway: cameras dial in over TLS 1.3 and stay connected. A few event-loop threads
 * serve every connection (no thread per camera); per-connection memory is the TLS engine, the frame
 * cumulation (bounded by the frame limit) and one session object.
 *
 * <p>Every connection starts as a stranger ({@link StrangerLimits}): it is refused at accept, before
 * any TLS work, when its address has too many strangers already, and waits in the accept backlog
 * while the node has too many ({@link GatewayAcceptor}); it has a deadline for its TLS handshake and
 * first exchange, and a small frame limit until it authenticates. The TLS engine is {@link GatewayTls}.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayContext context;
    private final GatewayTls tls;
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Runnable stopTargetListener;
    private final Strangers strangers;
    private final GatewayStats stats;
    /** When the next "refusing strangers" line may be logged (System.nanoTime): refusals can come by the thousand. */
    private final AtomicLong nextRefusalLine = new AtomicLong(System.nanoTime());
    private Channel serverChannel;

    /** A gateway whose cameras' video is validated and dropped (no recorder on this node). */
    public GatewayServer(GatewaySettings settings, DeviceStore devices, Presence presence, PlatformCa ca,
                         String operatorToken, Executor blocking) {
        this(settings, devices, presence, ca, operatorToken, blocking, IngestServices.discarding());
    }

    public GatewayServer(GatewaySettings settings, DeviceStore devices, Presence presence, PlatformCa ca,
                         String operatorToken, Executor blocking, IngestServices media) {
        this(settings, devices, presence, ca, operatorToken, blocking, media, null);
    }

    /**
     * A gateway that also answers cameras' firmware checks from {@code firmware}, and pushes the signed
     * offer to a camera online here when an operator sets its target.
     */
    public GatewayServer(GatewaySettings settings, DeviceStore devices, Presence presence, PlatformCa ca,
                         String operatorToken, Executor blocking, IngestServices media, FirmwareService firmware) {
        this(settings, devices, presence, ca, operatorToken, blocking, media, firmware, null, null);
    }

    /**
     * A gateway that also stores the events cameras report in {@code events} and acknowledges them,
     * and sends each camera its owner's settings in Welcome and records the state cameras report,
     * through {@code control}; either may be null on a node without it.
     */
    public GatewayServer(GatewaySettings settings, DeviceStore devices, Presence presence, PlatformCa ca,
                         String operatorToken, Executor blocking, IngestServices media, FirmwareService firmware,
                         EventService events, CameraSettings control) {
        this.strangers = new Strangers(settings.strangers());
        this.stats = new GatewayStats(strangers::open);
        this.context = new GatewayContext(settings, devices, presence, ca, operatorToken, blocking, media, firmware,
                stats, events, control);
        this.tls = new GatewayTls(ca, settings.tlsProvider());
        this.stopTargetListener = firmware == null ? () -> { } : firmware.onTargetSet(this::targetSet);
    }

    /** Binds {@code host:port} (port 0 picks a free one) and returns the bound port. */
    public int start(String host, int port) throws InterruptedException {
        GatewayAcceptor acceptor = new GatewayAcceptor(strangers, this::pipeline, this::refused);
        strangers.onPlaceFreed(acceptor::placeFreed);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                // A reconnect storm waits here while the acceptor paused (the kernel caps it at somaxconn).
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator().maxMessagesPerRead(1))
                .handler(acceptor)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        // the acceptor built the pipeline already
                    }
                });
        serverChannel = bootstrap.bind(host, port).sync().channel();
        // Ticket keys change every TicketKeys.PERIOD; every node turns to the next within a minute of the others.
        bossGroup.scheduleAtFixedRate(() -> tls.rotate(System.currentTimeMillis()), 1, 1, TimeUnit.MINUTES);
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("camera gateway listening on {}:{} (TLS 1.3, {})", host, bound, tls.describe());
        return bound;
    }

    /** A stranger's pipeline, built on the acceptor's thread before the connection is registered. */
    private void pipeline(Channel ch, Strangers.Admission admission) {
        StrangerLimits limits = context.settings().strangers();
        SslHandler ssl = tls.newHandler(ch.alloc());
        ssl.setHandshakeTimeoutMillis(0); // the StrangerGuard's deadline covers the handshake
        ch.pipeline()
                .addLast("stranger", new StrangerGuard(admission, ssl, limits, stats))
                .addLast("ssl", ssl)
                .addLast("frameDecoder", new FrameDecoder(limits.frameLimits()))
                .addLast("frameEncoder", new FrameEncoder(context.settings().frameLimits()))
                .addLast("router", new SessionRouter(context));
    }

    /** Counts a connection turned away at accept (the acceptor closes it); logged at most every 10 s (floods). */
    private void refused(Channel ch, Strangers.Refusal refusal) {
        StrangerLimits limits = context.settings().strangers();
        boolean perAddress = refusal == Strangers.Refusal.PER_ADDRESS_LIMIT;
        stats.count(perAddress ? GatewayStats.Closed.PER_ADDRESS_LIMIT : GatewayStats.Closed.NODE_LIMIT);
        long now = System.nanoTime();
        long next = nextRefusalLine.get();
        if (now - next >= 0 && nextRefusalLine.compareAndSet(next, now + TimeUnit.SECONDS.toNanos(10))) {
            log.warn("gateway: refused {}: {} unauthenticated connections are open {} already; refused so far: {} "
                            + "over the per-address limit, {} over the node limit (one such line per 10 s at most)",
                    Strangers.addressOf(ch.remoteAddress()), perAddress ? limits.perAddress() : limits.total(),
                    perAddress ? "from that address" : "on this node",
                    stats.closed(GatewayStats.Closed.PER_ADDRESS_LIMIT), stats.closed(GatewayStats.Closed.NODE_LIMIT));
        }
    }

    /** What happened to connections that had not authenticated yet. */
    public GatewayStats stats() {
        return stats;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * A camera's target was set, here or on another node (the cluster carries it: see
     * {@code FirmwareService.targetSetElsewhere}): its session on this node, if any, sends the offer.
     */
    private void targetSet(String serial) {
        context.presence().get(serial).ifPresent(connection -> {
            if (connection instanceof CameraSession session) {
                session.targetChanged();
            }
        });
    }

    /**
     * First step of a graceful stop: closes the listener, so new cameras go to other nodes (a load
     * balancer sees the port closed); connected cameras stay until {@link #tellCamerasToMove}.
     */
    public void stopAccepting() {
        if (serverChannel != null && serverChannel.isOpen()) {
            serverChannel.close().awaitUninterruptibly();
            log.info("camera gateway: no longer accepting cameras (draining)");
        }
    }

    /**
     * Tells every camera connected here to reconnect elsewhere now (Goodbye DRAINING) and resend what
     * was not acknowledged; returns how many were told. Safe to call again: a camera is told once.
     */
    public int tellCamerasToMove() {
        int told = 0;
        for (var connection : context.presence().all()) {
            if (connection instanceof CameraSession session && session.drain()) {
                told++;
            }
        }
        return told;
    }

    /** Cameras connected to this gateway now. */
    public int camerasConnected() {
        int n = 0;
        for (var connection : context.presence().all()) {
            if (connection instanceof CameraSession) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void close() {
        stopTargetListener.run();
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        tls.close();
    }
}
