package camcloud.cloud.gateway;

import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
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
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.net.InetSocketAddress;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera gateway: cameras dial in over TLS 1.3 and stay connected. A few event-loop threads
 * serve every connection (no thread per camera); per-connection memory is the TLS engine, the frame
 * cumulation (bounded by the frame limit) and one session object.
 */
public final class GatewayServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

    private final GatewayContext context;
    private final SslContext ssl;
    private final EventLoopGroup bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workerGroup = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Runnable stopTargetListener;
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
        this.context = new GatewayContext(settings, devices, presence, ca, operatorToken, blocking, media, firmware);
        try {
            this.ssl = SslContextBuilder.forServer(ca.gatewayKey(), ca.gatewayCertificate(), ca.certificate())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3")
                    .trustManager(ca.certificate())
                    .clientAuth(ClientAuth.OPTIONAL)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot set up the gateway's TLS: " + e.getMessage(), e);
        }
        this.stopTargetListener = firmware == null ? () -> { } : firmware.onTargetSet(this::targetSet);
    }

    /** Binds {@code host:port} (port 0 picks a free one) and returns the bound port. */
    public int start(String host, int port) throws InterruptedException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("ssl", ssl.newHandler(ch.alloc()))
                                .addLast("frameDecoder", new FrameDecoder(context.settings().frameLimits()))
                                .addLast("frameEncoder", new FrameEncoder(context.settings().frameLimits()))
                                .addLast("router", new SessionRouter(context));
                    }
                });
        serverChannel = bootstrap.bind(host, port).sync().channel();
        int bound = ((InetSocketAddress) serverChannel.localAddress()).getPort();
        log.info("camera gateway listening on {}:{} (TLS 1.3)", host, bound);
        return bound;
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** A camera's target was set: its session on this node, if any, sends the offer (cameras elsewhere learn at their next check). */
    private void targetSet(String serial) {
        context.presence().get(serial).ifPresent(connection -> {
            if (connection instanceof CameraSession session) {
                session.targetChanged();
            }
        });
    }

    @Override
    public void close() {
        stopTargetListener.run();
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
