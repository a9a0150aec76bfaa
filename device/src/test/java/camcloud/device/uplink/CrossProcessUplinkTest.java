package camcloud.device.uplink;

import static camcloud.device.uplink.TestMediaCloud.await;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.Envelope;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The video application and the agent in two processes, sharing nothing but the ring file: the
 * agent's uplink starts first (the ring does not exist yet), attaches when the other process creates
 * it, and streams real H.264 to a test cloud.
 */
class CrossProcessUplinkTest {

    @TempDir
    Path dir;

    @Test
    void theAgentStreamsWhatAVideoApplicationInAnotherProcessWrites() throws Exception {
        Path ringFile = dir.resolve("camera.ring");
        EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        MediaUplink uplink = new MediaUplink(ringFile, loops.next(), 1 << 20, Duration.ofMillis(5));
        Process child = null;
        try (TestMediaCloud cloud = new TestMediaCloud()) {
            uplink.start();
            new Bootstrap().group(uplink.loop()).channel(NioSocketChannel.class)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline()
                                    .addLast(new FrameDecoder(FrameLimits.DEFAULT))
                                    .addLast(new FrameEncoder(FrameLimits.DEFAULT))
                                    .addLast(new UplinkHandler(uplink))
                                    .addLast(new ChannelInboundHandlerAdapter() {
                                        @Override
                                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                            ReferenceCountUtil.release(msg);
                                        }
                                    });
                        }
                    })
                    .connect("127.0.0.1", cloud.port()).syncUninterruptibly();

            child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                    "-cp", System.getProperty("java.class.path"), VideoAppProcess.class.getName(), ringFile.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("READY");

            assertThat(await(() -> cloud.units().size() >= 30)).as("units from the other process").isTrue();

            TestMediaCloud.Received first = cloud.received.get(0);
            assertThat(first.kind()).isEqualTo(Envelope.BodyCase.STREAM_CONFIG);
            assertThat(first.config().getWidth()).isEqualTo(64);
            assertThat(first.config().getFps()).isBetween(25, 31);
            List<TestMediaCloud.Received> units = cloud.units().subList(0, 30);
            assertThat(units.get(0).keyframe()).as("the stream starts on a keyframe").isTrue();
            assertThat(units.stream().map(TestMediaCloud.Received::sequence).toList())
                    .isEqualTo(LongStream.range(0, 30).boxed().toList());
            assertThat(uplink.stats().gaps()).isZero();

            child.getOutputStream().close();
            assertThat(out.readLine()).startsWith("DONE");
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(ringFile).as("the video application removes its ring").doesNotExist();
        } finally {
            if (child != null) {
                child.destroyForcibly();
            }
            uplink.close();
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
