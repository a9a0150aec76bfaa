package camcloud.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import camcloud.cloud.CuttableProxy;
import camcloud.cloud.TestCloud;
import camcloud.device.agent.AgentTls;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The gateway's TLS engines: a camera gets in on either, and with OpenSSL a camera whose session
 * began on one node resumes it on another node of the same platform (same CA, same database) and
 * is counted as resumed there ({@code camcloud.gateway.handshakes{result=ok,resumed=true}}).
 */
class GatewayTlsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /**
     * The name (one the gateway certificate names) and port the test camera's TLS keeps its session
     * under, whichever node's port it reaches: as a camera dialing one name behind a load balancer.
     */
    private static final String GATEWAY_NAME = "localhost";
    private static final int GATEWAY_PORT = 7443;

    @TempDir
    Path dir;
    TestCloud a;
    TestCloud b;
    EventLoopGroup loops;

    @AfterEach
    void stop() {
        if (loops != null) {
            loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProvider.class)
    void aCameraGetsInOnEitherEngine(TlsProvider provider) throws Exception {
        assumeTrue(provider == TlsProvider.JDK || OpenSsl.isAvailable(), "no OpenSSL engine here");
        a = TestCloud.start(dir, c -> c.withGatewayTls(provider));
        VirtualCamera camera = a.powerOn(a.provision().flash());
        assertThat(TestCloud.await(WAIT, camera::online)).isTrue();
        // counted just after the Welcome went out
        assertThat(TestCloud.await(WAIT, () -> a.server().gatewayStats().handshakesOk() == 1)).isTrue();
        assertThat(a.server().gatewayStats().handshakesResumed()).isZero();
    }

    @Test
    void aSessionBegunOnOneNodeResumesOnAnotherAndIsCountedAsResumedThere() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "no OpenSSL engine here");
        a = TestCloud.start(dir, c -> c.withGatewayTls(TlsProvider.OPENSSL)
                .withCluster(c.cluster().withNodeId("node-a")));
        b = TestCloud.start(dir, c -> c.withGatewayTls(TlsProvider.OPENSSL)
                .withCluster(c.cluster().withNodeId("node-b")));
        TestCloud.Provisioned provisioned = a.provision();
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(provisioned.flash(), CameraModels.builtIn())) {
            identity = f.identity();
        }
        // One client TLS context, as a camera has: it keeps the ticket node A gave and offers it to B.
        SslContext tls = SslContextBuilder.forClient().sslProvider(SslProvider.OPENSSL).protocols("TLSv1.3")
                .trustManager(identity.platformCa()).keyManager(identity.deviceKey(), identity.certificate())
                .build();
        loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());

        Channel first = helloWelcome(tls, a.server().gatewayPort(), provisioned.serial());
        first.close().syncUninterruptibly();
        assertThat(a.server().gatewayStats().handshakesResumed()).as("a first handshake is a full one").isZero();

        Channel second = helloWelcome(tls, b.server().gatewayPort(), provisioned.serial());
        assertThat(TestCloud.await(WAIT, () -> b.server().gatewayStats().handshakesOk() == 1)).isTrue();
        assertThat(b.server().gatewayStats().handshakesResumed()).isEqualTo(1);
        MeterRegistry meters = b.server().metrics().registry();
        assertThat(meters.get("camcloud.gateway.handshakes").tags("result", "ok", "resumed", "true")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(meters.get("camcloud.gateway.handshakes").tags("result", "ok", "resumed", "false")
                .functionCounter().count()).isZero();
        second.close().syncUninterruptibly();
    }

    @Test
    void aCameraWhoseNodeDiesResumesItsSessionOnTheNextNodeOfItsList() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "no OpenSSL engine here");
        a = TestCloud.start(dir, c -> c.withGatewayTls(TlsProvider.OPENSSL)
                .withCluster(c.cluster().withNodeId("node-a")));
        // As in a real cluster, node B has its own gateway key and certificate (the same CA issued it).
        Files.delete(dir.resolve("data/pki/gateway.crt"));
        Files.delete(dir.resolve("data/pki/gateway.key"));
        b = TestCloud.start(dir, c -> c.withGatewayTls(TlsProvider.OPENSSL)
                .withCluster(c.cluster().withNodeId("node-b")));
        try (CuttableProxy toA = CuttableProxy.start(a.server().gatewayPort())) {
            // The camera knows both nodes, A (behind a network the test can cut) first.
            Path flash = dir.resolve("camera.flash");
            FactoryProvisioner.provision(flash, CameraModels.builtIn().all().get(0), CameraConfig.parseCloud(
                    "127.0.0.1:" + toA.port() + ",127.0.0.1:" + b.server().gatewayPort(), Map.of()),
                    a.server().operatorToken());
            VirtualCamera camera = a.powerOn(flash);
            assertThat(TestCloud.await(WAIT, () -> a.server().gatewayStats().handshakesOk() == 1)).isTrue();

            // Node A "dies": its connection is reset (no close_notify) and A stays unreachable.
            toA.cut(Duration.ofMinutes(5));
            assertThat(TestCloud.await(WAIT, () -> b.server().gatewayStats().handshakesOk() == 1))
                    .as("the camera moved to node B").isTrue();
            assertThat(b.server().gatewayStats().handshakesResumed()).as("and resumed its session there").isEqualTo(1);
            assertThat(camera.online()).isTrue();
        }
        assertThat(b.server().ca().gatewayCertificate()).isNotEqualTo(a.server().ca().gatewayCertificate());
    }

    @Test
    void aCameraKeepsItsSessionAsLongAsTheGatewaysTicketsLive() throws Exception {
        assumeTrue(OpenSsl.isAvailable(), "no OpenSSL engine here");
        a = TestCloud.start(dir, c -> c.withGatewayTls(TlsProvider.OPENSSL));
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(a.provision().flash(), CameraModels.builtIn())) {
            identity = f.identity();
        }
        // Netty's client cache would drop it after 5 minutes: a camera is online for hours when its node dies.
        SslContext tls = AgentTls.forIdentity(identity);
        try {
            assertThat(tls.sessionContext().getSessionTimeout()).isGreaterThanOrEqualTo((int) TicketKeys.PERIOD.toSeconds());
        } finally {
            ReferenceCountUtil.release(tls);
        }
    }

    /** Connects to {@code port}, says Hello as {@code serial} and returns the channel once welcomed. */
    private Channel helloWelcome(SslContext tls, int port, String serial) throws Exception {
        BlockingQueue<Envelope> inbox = new LinkedBlockingQueue<>();
        Channel channel = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(tls.newHandler(ch.alloc(), GATEWAY_NAME, GATEWAY_PORT))
                                .addLast(new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast(new FrameEncoder(FrameLimits.DEFAULT))
                                .addLast(new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                        if (msg instanceof Frame frame) {
                                            inbox.add(frame.header());
                                        }
                                        ReferenceCountUtil.release(msg);
                                    }
                                });
                    }
                })
                .connect("127.0.0.1", port).syncUninterruptibly().channel();
        channel.writeAndFlush(Frame.of(Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT).setSerial(serial)
                .setModel(CameraModels.builtIn().all().get(0).id()).setFirmwareVersion("1.0.0")).build()));
        Envelope answer = inbox.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(answer).as("an answer to Hello").isNotNull();
        assertThat(answer.hasWelcome()).as("welcomed: %s", answer).isTrue();
        return channel;
    }
}
