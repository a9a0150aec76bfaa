package camcloud.device.uplink;

import static camcloud.device.uplink.TestMediaCloud.await;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.ring.RingWriter;
import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.MediaGap;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The uplink against a small test cloud on real sockets: ring → upload buffer → connection, with
 * acknowledgements, reconnects, outages longer than the buffer and a cloud that stops reading.
 */
class MediaUplinkTest {

    private static final int GOP = 10;
    private static final long FRAME_MICROS = 100_000; // 10 fps

    @TempDir
    Path dir;

    private final EventLoopGroup cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private TestMediaCloud cloud;
    private RingWriter ring;
    private MediaUplink uplink;
    private int written;

    @BeforeEach
    void setUp() throws IOException {
        cloud = new TestMediaCloud();
        ring = RingWriter.create(dir.resolve("camera.ring"), 1024, 8 << 20);
    }

    @AfterEach
    void tearDown() {
        if (uplink != null) {
            uplink.close();
        }
        cloud.close();
        ring.closeAndDelete();
        cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private void startUplink(long bufferBytes) {
        uplink = new MediaUplink(ring.file(), cameraLoops.next(), bufferBytes, Duration.ofMillis(5));
        uplink.start();
    }

    /** The video application: {@code count} units of {@code size} bytes, an IDR every {@value #GOP}. */
    private void write(int count, int size) {
        for (int i = 0; i < count; i++, written++) {
            boolean keyframe = written % GOP == 0;
            ring.append(ByteBuffer.wrap(TestUnits.unit(written, keyframe, size)), keyframe,
                    written * FRAME_MICROS, 1_700_000_000_000L + written * 100L);
        }
    }

    private Channel connect(ChannelInboundHandlerAdapter... extra) {
        return connect(WriteBufferWaterMark.DEFAULT, null, extra);
    }

    private Channel connect(WriteBufferWaterMark marks, OutboundProbe probe, ChannelInboundHandlerAdapter... extra) {
        return new Bootstrap()
                .group(uplink.loop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_SNDBUF, 8192)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (probe != null) {
                            ch.pipeline().addLast("probe", probe);
                        }
                        ch.pipeline()
                                .addLast("frameDecoder", new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast("frameEncoder", new FrameEncoder(FrameLimits.DEFAULT))
                                .addLast("uplink", new UplinkHandler(uplink));
                        ch.pipeline().addLast(extra);
                        ch.pipeline().addLast("session", new ReleaseEverything());
                    }
                })
                .connect("127.0.0.1", cloud.port()).syncUninterruptibly().channel();
    }

    private static List<Long> sequences(List<TestMediaCloud.Received> units, int connection) {
        return units.stream().filter(u -> u.connection() == connection).map(TestMediaCloud.Received::sequence).toList();
    }

    private static List<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().toList();
    }

    @Test
    void afterAReconnectEveryUnacknowledgedUnitIsSentAgainAndNothingIsMissing() {
        startUplink(1 << 20);
        cloud.closeAfterUnits = 25;
        write(30, 500);
        Channel first = connect();
        assertThat(await(() -> !first.isActive())).isTrue();
        write(20, 500);
        assertThat(await(() -> uplink.stats().unitsRead() == 50)).isTrue();
        cloud.closeAfterUnits = 0;

        connect();
        assertThat(await(() -> cloud.sawSequence(49))).isTrue();

        List<TestMediaCloud.Received> units = cloud.units();
        assertThat(units.stream().map(TestMediaCloud.Received::sequence).distinct().sorted().toList())
                .isEqualTo(range(0, 49));
        assertThat(units).allSatisfy(u -> assertThat(u.index()).isEqualTo((int) u.sequence()));
        assertThat(cloud.gaps()).isEmpty();
        List<Long> firstSession = sequences(units, 0);
        List<Long> secondSession = sequences(units, 1);
        assertThat(firstSession).isEqualTo(range(0, firstSession.size() - 1));
        assertThat(firstSession.size()).isGreaterThanOrEqualTo(25);
        long resentFrom = secondSession.get(0);
        // From the oldest unit not acknowledged: 20 if acks 9 and 19 arrived; the cloud's close may reset the
        // connection and discard them, and then the camera rightly sends everything again.
        assertThat(resentFrom).isLessThanOrEqualTo(25);
        assertThat(secondSession).isEqualTo(range(resentFrom, 49));
        for (int connection = 0; connection < 2; connection++) {
            int c = connection;
            TestMediaCloud.Received opening = cloud.received.stream().filter(r -> r.connection() == c).findFirst()
                    .orElseThrow();
            assertThat(opening.kind()).isEqualTo(Envelope.BodyCase.STREAM_CONFIG);
            assertThat(opening.config().getWidth()).isEqualTo(64);
            assertThat(opening.config().getHeight()).isEqualTo(64);
            assertThat(opening.config().getFps()).isEqualTo(10);
            assertThat(opening.config().getSps().toByteArray()).isEqualTo(TestUnits.FORMAT.sps());
        }
        assertThat(await(() -> uplink.stats().bufferedUnits() == 10)).isTrue(); // 40..49: the cloud acked 39
        UplinkStats stats = uplink.stats();
        assertThat(stats.unitsResent()).isGreaterThanOrEqualTo(25 - resentFrom);
        assertThat(stats.gaps()).isZero();
        assertThat(stats.unitsDropped()).isZero();
        assertThat(stats.unitsAcked()).isEqualTo(40);
    }

    @Test
    void anOutageLongerThanTheBufferDropsTheOldestWholeGopsAndSendsTheGaps() {
        long bound = 64 << 10;
        startUplink(bound);
        write(20, 2000);
        Channel first = connect();
        assertThat(await(() -> cloud.sawSequence(19) && uplink.stats().unitsAcked() == 10)).isTrue();
        first.close().syncUninterruptibly();

        write(100, 2000); // 200 kB while offline, the buffer holds 64 KiB
        assertThat(await(() -> uplink.stats().unitsRead() == 120)).isTrue();
        UplinkStats offline = uplink.stats();
        assertThat(offline.bufferBytes()).isLessThanOrEqualTo(bound);
        assertThat(offline.unitsDropped()).isPositive();

        connect();
        assertThat(await(() -> cloud.sawSequence(119))).isTrue();

        List<MediaGap> gaps = cloud.gaps().stream().filter(g -> g.connection() == 1).map(TestMediaCloud.Received::gap)
                .toList();
        assertThat(gaps).isNotEmpty();
        for (MediaGap gap : gaps) {
            assertThat(gap.getFirstSequence() % GOP).as("gap starts on a keyframe").isZero();
            assertThat((gap.getLastSequence() + 1) % GOP).as("gap ends before a keyframe").isZero();
            assertThat(gap.getFirstCaptureMonotonicUs()).isEqualTo(gap.getFirstSequence() * FRAME_MICROS);
            assertThat(gap.getLastCaptureMonotonicUs()).isEqualTo(gap.getLastSequence() * FRAME_MICROS);
            assertThat(gap.getReason()).isEqualTo(UploadBuffer.REASON_FULL);
        }
        List<Long> secondSession = sequences(cloud.units(), 1);
        List<Long> covered = new java.util.ArrayList<>(secondSession);
        gaps.forEach(g -> covered.addAll(range(g.getFirstSequence(), g.getLastSequence())));
        assertThat(covered.stream().sorted().toList()).as("every unit after the last ack is sent or in a gap, once")
                .isEqualTo(range(10, 119));
        assertThat(secondSession.get(0) % GOP).as("the first unit after the outage is a keyframe").isZero();
        long droppedInGaps = gaps.stream().mapToLong(g -> g.getLastSequence() - g.getFirstSequence() + 1).sum();
        assertThat(uplink.stats().unitsDropped()).isEqualTo(droppedInGaps);
    }

    @Test
    void framesTheRingOverwroteBeforeTheAgentReadThemAreOneGapWithTheRestOfTheirGop() throws IOException {
        ring.closeAndDelete();
        ring = RingWriter.create(dir.resolve("small.ring"), 16, 64 << 10);
        uplink = new MediaUplink(ring.file(), cameraLoops.next(), 1 << 20, Duration.ofSeconds(1));
        uplink.start();
        connect();
        write(10, 500);
        assertThat(await(() -> cloud.sawSequence(9))).isTrue();

        write(40, 500); // between two looks at the ring: only the last 16 are still there
        assertThat(await(() -> cloud.sawSequence(49))).isTrue();

        List<MediaGap> gaps = cloud.gaps().stream().map(TestMediaCloud.Received::gap).toList();
        assertThat(gaps).isNotEmpty();
        for (int i = 1; i < gaps.size(); i++) {
            assertThat(gaps.get(i).getFirstSequence()).as("adjacent runs are sent as one gap")
                    .isNotEqualTo(gaps.get(i - 1).getLastSequence() + 1);
        }
        List<Long> covered = new java.util.ArrayList<>(sequences(cloud.units(), 0));
        gaps.forEach(g -> covered.addAll(range(g.getFirstSequence(), g.getLastSequence())));
        assertThat(covered.stream().sorted().toList()).isEqualTo(range(0, 49));
        for (MediaGap gap : gaps) {
            long after = gap.getLastSequence() + 1;
            assertThat(cloud.units().stream().filter(u -> u.sequence() == after).findFirst().orElseThrow().keyframe())
                    .as("the unit after a gap is a keyframe").isTrue();
        }
        assertThat(uplink.stats().ringLost()).isPositive();
    }

    @Test
    void sendingPausesWhileTheChannelIsNotWritableAndResumesWhenItDrains() {
        int unitBytes = 16 << 10;
        WriteBufferWaterMark marks = new WriteBufferWaterMark(8 << 10, 32 << 10);
        cloud.readNewConnections = false;
        startUplink(8 << 20);
        write(60, unitBytes);
        OutboundProbe probe = new OutboundProbe();
        Channel channel = connect(marks, probe);

        assertThat(await(() -> uplink.stats().unitsRead() == 60 && !channel.isWritable())).isTrue();
        long bound = marks.high() + unitBytes + 1024L; // one unit (and a small control frame) past the mark
        assertThat(probe.maxPending.get()).isLessThanOrEqualTo(bound);
        assertThat(uplink.stats().unitsSent()).isLessThan(60);

        cloud.connections.get(0).config().setAutoRead(true);
        assertThat(await(() -> cloud.sawSequence(59))).isTrue();
        assertThat(sequences(cloud.units(), 0)).isEqualTo(range(0, 59));
        assertThat(probe.maxPending.get()).isLessThanOrEqualTo(bound);
    }

    @Test
    void uploadingABufferAfterAnOutageIsPacedToTheFrameBudget() {
        uplink = new MediaUplink(ring.file(), cameraLoops.next(), 8 << 20, Duration.ofMillis(5), 50);
        uplink.start();
        write(120, 500); // 120 units buffered while offline
        assertThat(await(() -> uplink.stats().unitsRead() == 120)).isTrue();

        connect();
        // The first second's burst (50 frames: a config and 49 units) goes at once; the rest follows the rate.
        assertThat(await(() -> cloud.units().size() >= 49)).isTrue();
        assertThat(await(() -> cloud.sawSequence(119))).isTrue();
        assertThat(sequences(cloud.units(), 0)).isEqualTo(range(0, 119));
    }

    @Test
    void aCloudThatListsNoCapabilitiesIsTakenToAcceptMediaOneThatLeavesMediaOutIsNot() {
        assertThat(UplinkHandler.acceptsMedia(List.of())).isTrue();
        assertThat(UplinkHandler.acceptsMedia(List.of("commands.v1", MediaUplink.CAPABILITY))).isTrue();
        assertThat(UplinkHandler.acceptsMedia(List.of("commands.v1"))).isFalse();
    }

    @Test
    void aCloudThatListsItsCapabilitiesWithoutMediaGetsNone() {
        cloud.announceMedia = false;
        startUplink(1 << 20);
        CountWelcomes welcomes = new CountWelcomes();
        connect(welcomes);
        assertThat(await(() -> welcomes.count.get() == 1)).isTrue();
        write(20, 500);
        assertThat(await(() -> uplink.stats().unitsRead() == 20)).isTrue();

        assertThat(uplink.stats().unitsSent()).isZero();
        assertThat(cloud.received).isEmpty();
    }

    /** First outbound handler after the head: the largest outbound backlog seen after any write. */
    private static final class OutboundProbe extends ChannelOutboundHandlerAdapter {
        final AtomicLong maxPending = new AtomicLong();

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ctx.write(msg, promise);
            ChannelOutboundBuffer buffer = ctx.channel().unsafe().outboundBuffer();
            if (buffer != null) {
                maxPending.accumulateAndGet(buffer.totalPendingWriteBytes(), Math::max);
            }
        }
    }

    /** Counts Welcomes and passes every frame on. */
    private static final class CountWelcomes extends ChannelInboundHandlerAdapter {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Frame frame && frame.kind() == Envelope.BodyCase.WELCOME) {
                count.incrementAndGet();
            }
            ctx.fireChannelRead(msg);
        }
    }

    /** Stands in for the agent's session handler: last in the pipeline, releases every frame. */
    private static final class ReleaseEverything extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }
    }
}
