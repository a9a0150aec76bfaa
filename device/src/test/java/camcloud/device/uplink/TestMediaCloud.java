package camcloud.device.uplink;

import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.MediaAck;
import camcloud.protocol.v1.MediaGap;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import camcloud.protocol.v1.Welcome;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A small cloud for uplink tests, on a real socket without TLS: answers every connection with a
 * Welcome, records what the camera streams, and acknowledges like the recorder does, when a segment
 * is durable, here when the next keyframe arrives (everything before it is "persisted").
 */
final class TestMediaCloud implements AutoCloseable {

    /** One thing the cloud received, in arrival order. */
    record Received(int connection, Envelope.BodyCase kind, long sequence, boolean keyframe, int index,
                    MediaGap gap, StreamConfig config) {
    }

    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<Channel> connections = new CopyOnWriteArrayList<>();
    volatile boolean announceMedia = true;
    volatile boolean acknowledge = true;
    /** Close a connection once it has received this many units (0: never). */
    volatile int closeAfterUnits;
    volatile boolean readNewConnections = true;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    TestMediaCloud() {
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.config().setAutoRead(readNewConnections);
                        ch.pipeline()
                                .addLast(new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast(new FrameEncoder(FrameLimits.DEFAULT))
                                .addLast(new Recorder(connections.size()));
                        connections.add(ch);
                    }
                })
                .bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    List<Received> units() {
        return received.stream().filter(r -> r.kind() == Envelope.BodyCase.MEDIA_UNIT).toList();
    }

    List<Received> gaps() {
        return received.stream().filter(r -> r.kind() == Envelope.BodyCase.MEDIA_GAP).toList();
    }

    boolean sawSequence(long sequence) {
        return received.stream().anyMatch(r -> r.kind() == Envelope.BodyCase.MEDIA_UNIT && r.sequence() == sequence);
    }

    static boolean await(BooleanSupplier condition) {
        return camcloud.device.Conditions.await(condition);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Last in the test cloud's pipeline; releases every frame it reads. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        private final int connection;
        private int units;

        Recorder(int connection) {
            this.connection = connection;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Welcome.Builder welcome = Welcome.newBuilder().setSessionId("test-" + connection)
                    .setHeartbeatIntervalMs(60_000).setHeartbeatTolerance(3);
            welcome.addCapabilities("commands.v1");
            if (announceMedia) {
                welcome.addCapabilities(MediaUplink.CAPABILITY);
            }
            ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setWelcome(welcome).build()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Frame frame) {
                    onFrame(ctx, frame);
                }
            } finally {
                io.netty.util.ReferenceCountUtil.release(msg);
            }
        }

        private void onFrame(ChannelHandlerContext ctx, Frame frame) {
            Envelope envelope = frame.header();
            switch (envelope.getBodyCase()) {
                case STREAM_CONFIG -> received.add(new Received(connection, envelope.getBodyCase(), -1, false, -1,
                        null, envelope.getStreamConfig()));
                case MEDIA_GAP -> received.add(new Received(connection, envelope.getBodyCase(), -1, false, -1,
                        envelope.getMediaGap(), null));
                case MEDIA_UNIT -> {
                    MediaUnit unit = envelope.getMediaUnit();
                    int index = TestUnits.indexOf(ByteBufUtil.getBytes(frame.payload()));
                    if (acknowledge && unit.getKeyframe() && unit.getSequence() > 0) {
                        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setMediaAck(MediaAck.newBuilder()
                                .setPersistedSequence(unit.getSequence() - 1)).build()));
                    }
                    received.add(new Received(connection, envelope.getBodyCase(), unit.getSequence(),
                            unit.getKeyframe(), index, null, null));
                    if (++units == closeAfterUnits) {
                        ctx.close();
                    }
                }
                default -> {
                }
            }
        }
    }
}
