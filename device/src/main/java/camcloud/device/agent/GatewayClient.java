package camcloud.device.agent;

import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.MalformedFrame;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Heartbeat;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A blocking request/response connection to the gateway, for short exchanges such as factory
 * provisioning (and for tests that play a misbehaving camera). Long-lived camera sessions use
 * {@link CloudAgent} instead.
 */
public final class GatewayClient implements AutoCloseable {

    private static final Object CLOSED = new Object();

    private final EventLoopGroup group;
    private final Channel channel;
    private final BlockingQueue<Object> inbox;

    private GatewayClient(EventLoopGroup group, Channel channel, BlockingQueue<Object> inbox) {
        this.group = group;
        this.channel = channel;
        this.inbox = inbox;
    }

    /** Connects and completes the TLS handshake, or fails with an IOException that says why. */
    public static GatewayClient connect(String host, int port, SslContext ssl, Duration timeout) throws IOException {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        try {
            Channel channel = new Bootstrap()
                    .group(group)
                    .channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis())
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("ssl", ssl.newHandler(ch.alloc(), host, port))
                                    .addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT))
                                    .addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT))
                                    .addLast("inbox", new Inbox(inbox));
                        }
                    })
                    .connect(host, port).syncUninterruptibly().channel();
            io.netty.util.concurrent.Future<Channel> handshake = channel.pipeline().get(SslHandler.class)
                    .handshakeFuture();
            if (!handshake.await(timeout.toMillis()) || !handshake.isSuccess()) {
                channel.close();
                throw new IOException("TLS handshake with " + host + ":" + port + " failed: "
                        + (handshake.cause() == null ? "timed out" : handshake.cause().getMessage()));
            }
            return new GatewayClient(group, channel, inbox);
        } catch (IOException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("interrupted while connecting", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new IOException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The certificates the gateway presented. */
    public Certificate[] peerCertificates() throws IOException {
        return channel.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
    }

    public void send(Envelope envelope) throws IOException {
        sendFrame(Frame.of(envelope));
    }

    /** Sends raw bytes as they are, bypassing the encoder (tests use it to play a broken camera). */
    public void sendRaw(byte[] bytes) throws IOException {
        awaitWrite(channel.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(bytes)));
    }

    public void sendFrame(Frame frame) throws IOException {
        awaitWrite(channel.writeAndFlush(frame));
    }

    private static void awaitWrite(io.netty.channel.ChannelFuture write) throws IOException {
        if (!write.awaitUninterruptibly(10, TimeUnit.SECONDS) || !write.isSuccess()) {
            throw new IOException("could not send to the gateway: "
                    + (write.cause() == null ? "timed out" : write.cause().getMessage()));
        }
    }

    /**
     * The next envelope from the gateway.
     *
     * @throws IOException when the connection closed, the gateway sent a broken frame, or nothing came in time
     */
    public Envelope receive(Duration timeout) throws IOException {
        Object next;
        try {
            next = inbox.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the gateway", e);
        }
        if (next == null) {
            throw new IOException("no answer from the gateway within " + timeout.toMillis() + " ms");
        }
        if (next == CLOSED) {
            inbox.add(CLOSED);
            throw new IOException("the gateway closed the connection");
        }
        if (next instanceof MalformedFrame malformed) {
            throw new IOException("the gateway sent a malformed frame: " + malformed.reason());
        }
        return (Envelope) next;
    }

    /**
     * Keeps the session alive while the caller is busy elsewhere (the system software downloading
     * and writing firmware): a {@code Heartbeat} every {@code interval} from the connection's event
     * loop, until the connection closes. The acks land in the inbox; {@link #receive} returns them
     * like any frame.
     */
    public void heartbeatEvery(Duration interval) {
        long millis = Math.max(50, interval.toMillis());
        long[] sequence = {0};
        long started = System.nanoTime();
        channel.eventLoop().scheduleAtFixedRate(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(Frame.of(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                        .setSequence(++sequence[0])
                        .setCameraTimeMs(System.currentTimeMillis())
                        .setUptimeMs(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))).build()));
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Copies headers into the queue and releases every frame (payloads are not needed here). */
    private static final class Inbox extends ChannelInboundHandlerAdapter {
        private final BlockingQueue<Object> queue;

        Inbox(BlockingQueue<Object> queue) {
            this.queue = queue;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Frame frame) {
                    queue.add(frame.header());
                } else if (msg instanceof MalformedFrame) {
                    queue.add(msg);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            queue.add(CLOSED);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
