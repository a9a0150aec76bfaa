package camcloud.cli.bench.ingest;

import camcloud.device.agent.AgentTls;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.BulkProvisioner;
import camcloud.device.video.FileVideoSource;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The bench's cameras: provisioned like factory cameras (each its own key, certificate and serial),
 * each connecting over TLS 1.3 with its own identity from its own loopback address (127.0.0.2,
 * .3, …: the gateway admits only a few strangers at once per address, and cameras in the field come
 * from many), all on a few client event-loop threads named {@value #THREAD}. Each runs a
 * {@link BenchCamera}.
 */
public final class BenchCameras implements AutoCloseable {

    /** The client threads' name prefix: the in-process bench subtracts their CPU from the node's. */
    public static final String THREAD = "bench-client";

    private final EventLoopGroup loops;
    private final CameraCounters counters = new CameraCounters();
    private final List<Channel> channels = new ArrayList<>();
    private final List<BenchCamera> cameras = new ArrayList<>();
    private int fps;

    public BenchCameras(int threads) {
        this.loops = new MultiThreadIoEventLoopGroup(threads, (ThreadFactory) r -> new Thread(r, THREAD),
                NioIoHandler.newFactory());
    }

    /**
     * Provisions {@code count} cameras with the node at {@code host:gatewayPort} in bulk through its
     * operator API at {@code api} ({@link BulkProvisioner}: a thousand a request, keys made on every
     * core), and returns their identities; the flash files ({@code camera-FIRST.flash} … in
     * {@code dir}) are deleted once read.
     */
    public static List<CameraIdentity> provision(Path dir, int first, int count, String host, int gatewayPort,
                                                 URI api, String operatorToken) throws IOException {
        Files.createDirectories(dir);
        List<Path> flashes = new ArrayList<>(count);
        for (int i = first; i < first + count; i++) {
            flashes.add(dir.resolve("camera-" + i + ".flash"));
        }
        CameraModel model = CameraModels.builtIn().all().get(0);
        BulkProvisioner.provision(flashes, Collections.nCopies(count, model),
                new CameraConfig(host, gatewayPort, Map.of()), api, operatorToken);
        List<CameraIdentity> identities = new ArrayList<>(count);
        for (Path flash : flashes) {
            try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
                identities.add(f.identity());
            } finally {
                Files.deleteIfExists(flash); // only the identity is needed: 16 MiB less disk per camera
            }
        }
        return identities;
    }

    /** The source address of camera {@code index}: 127.0.0.2, 127.0.0.3, … 127.0.0.251, 127.0.1.2, … */
    public static InetSocketAddress sourceAddress(int index) {
        return new InetSocketAddress("127.0." + (index / 250) + "." + (2 + index % 250), 0);
    }

    /** Connects one camera per identity to {@code host:port}, playing {@code clip} at {@code pace}. */
    public void connect(List<CameraIdentity> identities, String host, int port, FileVideoSource.Clip clip, long window,
                        BenchCamera.Pace pace) {
        fps = clip.format().fps();
        for (CameraIdentity identity : identities) {
            SslContext ssl = AgentTls.forIdentity(identity);
            BenchCamera camera = new BenchCamera(identity, clip, counters, window, pace);
            Channel channel = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast("ssl", ssl.newHandler(ch.alloc(), host, port))
                                    .addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT))
                                    .addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT))
                                    .addLast("camera", camera);
                        }
                    })
                    .connect(new InetSocketAddress(host, port), sourceAddress(channels.size()))
                    .syncUninterruptibly().channel();
            channels.add(channel);
            cameras.add(camera);
        }
    }

    /** Waits until every connected camera was welcomed; false when {@code timeoutMillis} passed first. */
    public boolean awaitWelcomed(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (counters.welcomed.get() < channels.size() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return counters.welcomed.get() >= channels.size();
    }

    /** Starts every camera that has not started yet (a started one ignores a second go). */
    public void go(int fromIndex) {
        counters.streaming = true;
        for (Channel c : channels.subList(fromIndex, channels.size())) {
            c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(BenchCamera.GO));
        }
    }

    /** Stops every camera sending (connections stay open). */
    public void pause() {
        counters.streaming = false;
    }

    public CameraCounters counters() {
        return counters;
    }

    /** The frame rate of the clip the cameras play (0 before any connected). */
    public int fps() {
        return fps;
    }

    public int size() {
        return channels.size();
    }

    /** How many connections are still open. */
    public int open() {
        return (int) channels.stream().filter(Channel::isActive).count();
    }

    /** Bytes sent by all cameras and not yet acknowledged as durable. */
    public long unackedBytes() {
        return cameras.stream().mapToLong(BenchCamera::unackedBytes).sum();
    }

    /** The longest any camera's oldest unit has waited for its ack, in milliseconds. */
    public double maxAckLagMillis() {
        long now = System.nanoTime();
        return cameras.stream().mapToLong(c -> c.ackLagNanos(now)).max().orElse(0) / 1e6;
    }

    /** Closes every connection and waits for them. */
    public void disconnect() {
        counters.streaming = false;
        for (Channel c : channels) {
            c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() {
        disconnect();
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
