package camcloud.cli.bench;

import camcloud.cloud.CloudServer;
import camcloud.cloud.config.CloudConfig;
import camcloud.cloud.config.RecordingConfig;
import camcloud.cloud.ingest.MediaLimits;
import camcloud.cloud.recording.RecorderSettings;
import camcloud.cloud.retention.RetentionSettings;
import camcloud.device.agent.AgentTls;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.video.EncodedLoop;
import camcloud.device.video.SceneSettings;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
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
import io.netty.util.ReferenceCountUtil;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camcloud bench ingest}: how much video one cloud node records. A node starts in a temp
 * directory; {@code --cameras} cameras are provisioned and connect over TLS 1.3 from the bench's own
 * Netty client (two event-loop threads named {@code bench-client}); each streams a pre-encoded loop of
 * the synthetic scene (encoded once, replayed, sequence numbers and capture times fresh) as fast as
 * the connection takes it, keeping at most {@code --window-mb} unacknowledged — the way a camera's
 * upload buffer limits it — for {@code --seconds}. The node writes fMP4 segments to disk and acks
 * them; the bench prints ingest MB/s and frames/s, what was recorded, and MB/s per core of the cloud's
 * own threads (process CPU time minus the bench clients' threads) and of the whole process.
 *
 * <pre>{@code ./camcloud bench ingest --cameras 50 --seconds 15}</pre>
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Recorder ingest: MB/s per core from N concurrent camera connections to fMP4 on disk.")
public final class IngestBench implements Callable<Integer> {

    @Option(names = "--cameras", description = "Concurrent camera connections. Default: ${DEFAULT-VALUE}")
    int cameras = 50;

    @Option(names = "--seconds", description = "How long the cameras stream. Default: ${DEFAULT-VALUE}")
    int seconds = 15;

    @Option(names = "--recorder-threads", description = "Recorder threads. Default: ${DEFAULT-VALUE}")
    int recorderThreads = 2;

    @Option(names = "--window-mb", description = "Unacknowledged MB a camera may have in flight (0: only TCP "
            + "flow control; acks come once per segment, so a window needs a few seconds' worth). Default: ${DEFAULT-VALUE}")
    int windowMb = 0;

    @Option(names = "--hd", description = "Stream the 1280x720 scene instead of 640x360 (8 s more to encode).")
    boolean hd;

    @Option(names = "--dir", description = "Where the node keeps its data (deleted afterwards). Default: a temp dir.")
    Path dir;

    private static final String CLIENT_THREAD = "bench-client";

    @Override
    public Integer call() throws Exception {
        SceneSettings scene = hd ? SceneSettings.hd720() : SceneSettings.sd360();
        System.out.printf("encoding the %dx%d loop once...%n", scene.width(), scene.height());
        EncodedLoop loop = EncodedLoop.encode(scene, 0);
        long loopBytes = 0;
        for (int i = 0; i < loop.frameCount(); i++) {
            loopBytes += loop.accessUnit(i).length;
        }
        Path data = dir != null ? dir : Files.createTempDirectory("camcloud-bench-ingest");
        RecordingConfig recording = RecordingConfig.defaults()
                .withRecorder(RecorderSettings.DEFAULT.withThreads(recorderThreads))
                .withRetention(new RetentionSettings(0, 0, 0, 0, 3600))
                .withMedia(new MediaLimits(1_000_000, 1L << 40));
        CloudConfig config = CloudConfig.defaults().withDataDir(data.resolve("data")).withBindHost("127.0.0.1")
                .withPorts(0, 0, 0).withRecording(recording);
        EventLoopGroup clientLoops = new MultiThreadIoEventLoopGroup(2, (java.util.concurrent.ThreadFactory) r -> new Thread(r, CLIENT_THREAD),
                NioIoHandler.newFactory());
        try (CloudServer server = CloudServer.start(config)) {
            System.out.printf("provisioning %d cameras...%n", cameras);
            List<CameraIdentity> identities = provision(server, data);
            Counters counters = new Counters();
            List<Channel> channels = new ArrayList<>();
            for (int i = 0; i < identities.size(); i++) {
                channels.add(connect(clientLoops, server.gatewayPort(), identities.get(i), i, loop, counters));
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (counters.welcomed.get() < cameras && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            if (counters.welcomed.get() < cameras) {
                System.out.printf("only %d of %d cameras were welcomed%n", counters.welcomed.get(), cameras);
                return 1;
            }

            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long bytes0 = server.recorder().bytesReceived();
            long frames0 = server.recorder().unitsReceived();
            long segments0 = server.recorder().segmentsWritten();
            long cpu0 = os.getProcessCpuTime();
            long clientCpu0 = clientCpu(threads);
            long t0 = System.nanoTime();
            counters.streaming = true;
            channels.forEach(c -> c.eventLoop().execute(() -> c.pipeline().fireUserEventTriggered(Pump.GO)));
            Thread.sleep(seconds * 1000L);
            counters.streaming = false;
            for (Channel c : channels) {
                c.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            }
            long bytes = server.recorder().bytesReceived() - bytes0;
            long frames = server.recorder().unitsReceived() - frames0;
            server.recorder().close(); // what was received is written, committed and indexed: part of the cost
            long wall = System.nanoTime() - t0;
            long cpu = os.getProcessCpuTime() - cpu0;
            long clientCpu = clientCpu(threads) - clientCpu0;
            long segments = server.recorder().segmentsWritten() - segments0;
            long written = server.recorder().bytesWritten();

            double secs = wall / 1e9;
            double mb = bytes / 1e6;
            double cloudCores = (cpu - clientCpu) / (double) wall;
            double processCores = cpu / (double) wall;
            System.out.printf("camcloud bench ingest: %d cameras, %.1f s, %dx%d loop of %d frames (%.1f KB/frame), "
                            + "%d recorder threads, %d cores%n", cameras, secs, scene.width(), scene.height(),
                    loop.frameCount(), loopBytes / 1e3 / loop.frameCount(), recorderThreads,
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("  ingested:  %.1f MB/s, %.0f frames/s (%.0f MB, %d frames; the time includes "
                    + "closing the last segments)%n", mb / secs, frames / secs, mb, frames);
            System.out.printf("  recorded:  %d segments, %.0f MB of fMP4, %d units dropped by full recorder queues, "
                    + "%d acks%n", segments, written / 1e6, server.recorder().unitsDropped(), counters.acks.get());
            System.out.printf("  cpu:       cloud threads %.2f cores, whole process %.2f cores (incl. the bench's "
                    + "own TLS clients)%n", cloudCores, processCores);
            System.out.printf("  per core:  %.1f MB/s per cloud core (%.1f MB/s per process core)%n",
                    mb / secs / cloudCores, mb / secs / processCores);
        } finally {
            clientLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            if (dir == null) {
                deleteTree(data);
            }
        }
        return 0;
    }

    private List<CameraIdentity> provision(CloudServer server, Path data) throws Exception {
        List<CameraIdentity> out = new ArrayList<>();
        for (int i = 0; i < cameras; i++) {
            Path flash = data.resolve("camera-" + i + ".flash");
            FactoryProvisioner.provision(flash, CameraModels.builtIn().all().get(0),
                    new CameraConfig("127.0.0.1", server.gatewayPort(), Map.of()), server.operatorToken());
            try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
                out.add(f.identity());
            }
        }
        return out;
    }

    /**
     * Camera {@code index} dials from its own loopback address (127.0.0.2, .3, …), as cameras in the
     * field come from many addresses: the gateway lets only a few strangers in at once per address.
     */
    private Channel connect(EventLoopGroup group, int port, CameraIdentity identity, int index, EncodedLoop loop,
                            Counters counters) {
        SslContext ssl = AgentTls.forIdentity(identity);
        return new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast("ssl", ssl.newHandler(ch.alloc(), "127.0.0.1", port))
                                .addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT))
                                .addLast("pump", new Pump(identity, loop, counters,
                                        windowMb == 0 ? Long.MAX_VALUE : windowMb * 1_000_000L));
                    }
                })
                .connect(new InetSocketAddress("127.0.0.1", port),
                        new InetSocketAddress("127.0." + (index / 250) + "." + (2 + index % 250), 0))
                .syncUninterruptibly().channel();
    }

    private static long clientCpu(ThreadMXBean threads) {
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith(CLIENT_THREAD)) {
                sum += Math.max(0, threads.getThreadCpuTime(id));
            }
        }
        return sum;
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception ignored) {
            // a temp dir left behind
        }
    }

    static final class Counters {
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong frames = new AtomicLong();
        final AtomicLong acks = new AtomicLong();
        final AtomicInteger welcomed = new AtomicInteger();
        volatile boolean streaming;
    }

    /**
     * One bench camera, last in its client pipeline (after ssl, frameDecoder, frameEncoder): Hello, then
     * once told to go, writes units while the channel is writable and fewer than {@code window} bytes
     * are unacknowledged. Payloads wrap the loop's shared arrays (no copy); every frame read is released.
     */
    static final class Pump extends ChannelInboundHandlerAdapter {
        static final Object GO = new Object();

        private final CameraIdentity identity;
        private final EncodedLoop loop;
        private final Counters counters;
        private final long window;
        private final long[] sentBytesAt = new long[1 << 16];
        private long sequence;
        private long ackedSequence;
        private long sentBytes;
        private long ackedBytes;
        private boolean going;

        Pump(CameraIdentity identity, EncodedLoop loop, Counters counters, long window) {
            this.identity = identity;
            this.loop = loop;
            this.counters = counters;
            this.window = window;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setHello(Hello.newBuilder()
                    .setProtocolVersion(ProtocolVersion.CURRENT).setSerial(identity.serial())
                    .setModel("xiaomi-yi-ants").setFirmwareVersion("bench").setBootId(System.nanoTime())).build()));
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Frame frame) {
                    Envelope e = frame.header();
                    if (e.hasWelcome()) {
                        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setStreamConfig(StreamConfig.newBuilder()
                                .setCodec("h264").setWidth(loop.format().width()).setHeight(loop.format().height())
                                .setFps(loop.format().fps()).setSps(ByteString.copyFrom(loop.format().sps()))
                                .setPps(ByteString.copyFrom(loop.format().pps()))).build()));
                        counters.welcomed.incrementAndGet();
                    } else if (e.hasMediaAck()) {
                        long acked = e.getMediaAck().getPersistedSequence();
                        if (acked >= ackedSequence && acked < sequence) {
                            ackedSequence = acked + 1;
                            ackedBytes = sentBytesAt[(int) (acked & 0xFFFF)];
                        }
                        counters.acks.incrementAndGet();
                        pump(ctx);
                    }
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == GO) {
                going = true;
                pump(ctx);
            } else {
                ctx.fireUserEventTriggered(evt);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            pump(ctx);
        }

        private void pump(ChannelHandlerContext ctx) {
            boolean wrote = false;
            while (going && counters.streaming && ctx.channel().isWritable() && sentBytes - ackedBytes < window
                    && sequence - ackedSequence < sentBytesAt.length - 1) {
                int index = (int) (sequence % loop.frameCount());
                byte[] unit = loop.accessUnit(index);
                ctx.write(Frame.withPayload(Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                        .setSequence(sequence).setCaptureMonotonicUs(System.nanoTime() / 1000)
                        .setCaptureWallMs(System.currentTimeMillis()).setKeyframe(loop.isKeyframe(index))).build(),
                        Unpooled.wrappedBuffer(unit)));
                sentBytes += unit.length;
                sentBytesAt[(int) (sequence & 0xFFFF)] = sentBytes;
                sequence++;
                counters.bytes.addAndGet(unit.length);
                counters.frames.incrementAndGet();
                wrote = true;
            }
            if (wrote) {
                ctx.flush();
            }
        }
    }
}
