package camcloud.cloud.gateway;

import static camcloud.cloud.gateway.GatewaySecurityTest.hello;
import static camcloud.cloud.gateway.GatewaySecurityTest.identity;
import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.LogCapture;
import camcloud.cloud.TestCloud;
import camcloud.cloud.gateway.GatewayStats.Closed;
import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoSourceSpec;
import camcloud.protocol.Frame;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Ping;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetric;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Strangers (connections that have not authenticated) against a real node over real sockets: each
 * kind gets its clear answer — closed at its deadline, its oversized frame refused from the prefix,
 * refused at accept beyond the limits, one short line when it is not TLS — while a real virtual
 * camera stays online and keeps streaming. Timing is only ever bounded generously.
 */
class GatewayStrangersTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** The synthetic scene is encoded on first use: slow on a busy machine. */
    private static final Duration FIRST_VIDEO = Duration.ofSeconds(60);
    /** The default deadline plus the Goodbye's linger, with room for a loaded machine. */
    private static final Duration DEADLINE_BOUND = Duration.ofSeconds(20);
    private static final SceneSettings SCENE = new SceneSettings(320, 180, 15, 300, 15, 2);

    @TempDir
    Path dir;
    TestCloud cloud;
    EventLoopGroup cameraLoops;
    ScheduledExecutorService videoClock;
    final List<AutoCloseable> strangers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        cameraLoops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        videoClock = Executors.newSingleThreadScheduledExecutor();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable s : strangers) {
            s.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        videoClock.shutdownNow();
        cameraLoops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void strangersThatStallAtAnyStageAreClosedAtTheDeadlineWithOneLineEach() throws Exception {
        cloud = TestCloud.start(dir);
        TestCloud.Provisioned silentCamera = cloud.provision();
        VirtualCamera bystander = cloud.powerOn(cloud.provision().flash());
        assertThat(TestCloud.await(WAIT, bystander::online)).isTrue();

        try (LogCapture guardLog = LogCapture.of(StrangerGuard.class);
             LogCapture provisioningLog = LogCapture.of(ProvisioningSession.class);
             LogCapture cameraLog = LogCapture.of(CameraSession.class)) {
            Socket silentTcp = raw("127.0.0.1");
            Socket halfHandshake = raw("127.0.0.1");
            // A TLS record header announcing a 512-byte handshake message, and one byte of it.
            halfHandshake.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01});
            GatewayClient tlsWithoutCertificate = tls(AgentTls.forProvisioning());
            GatewayClient cameraWithoutHello = tls(AgentTls.forIdentity(identity(silentCamera.flash())));

            assertThat(closedWithin(silentTcp, DEADLINE_BOUND)).as("silent TCP").isTrue();
            assertThat(closedWithin(halfHandshake, DEADLINE_BOUND)).as("half a TLS handshake").isTrue();
            assertThat(goodbyeThenClose(tlsWithoutCertificate).getDetail())
                    .isEqualTo("no provisioning request within 5 s");
            assertThat(goodbyeThenClose(cameraWithoutHello).getDetail()).isEqualTo("no Hello within 5 s");

            GatewayStats stats = cloud.server().gatewayStats();
            assertThat(stats.closed(Closed.NO_TLS_HANDSHAKE)).isEqualTo(2);
            assertThat(stats.closed(Closed.NO_FIRST_MESSAGE)).isEqualTo(2);
            assertThat(TestCloud.await(WAIT, () -> stats.strangers() == 0)).as("places given back").isTrue();
            assertThat(guardLog.messages()).filteredOn(m -> m.contains("did not finish a TLS handshake within 5 s"))
                    .hasSize(2);
            assertThat(provisioningLog.messages()).filteredOn(m -> m.contains("no provisioning request within 5 s"))
                    .hasSize(1);
            assertThat(cameraLog.messages()).filteredOn(m -> m.contains(silentCamera.serial())
                    && m.contains("no Hello within 5 s")).hasSize(1);
        }
        assertStillServes(bystander);
        assertThat(cloud.server().presence().isOnline(silentCamera.serial())).isFalse();
    }

    @Test
    void aStrangersOversizedFrameIsRefusedFromItsLengthPrefixAloneButAWelcomedCameraMaySendOne() throws Exception {
        // Heartbeats of 2 s: this test plays the welcomed camera itself, on a machine that may be busy.
        cloud = TestCloud.start(dir, c -> c.withHeartbeatInterval(Duration.ofSeconds(2)));
        TestCloud.Provisioned camera = cloud.provision();
        // Only the 6-byte prefix of a 4 MiB frame is ever sent: a refusal cannot have waited for the rest.
        byte[] prefixOf4MiB = ByteBuffer.allocate(6).putInt(4 * 1024 * 1024).putShort((short) 2).array();
        byte[] prefixOf64KiB = ByteBuffer.allocate(6).putInt(64 * 1024).putShort((short) 2).array();

        GatewayClient factoryStranger = tls(AgentTls.forProvisioning());
        factoryStranger.sendRaw(prefixOf4MiB);
        assertThat(goodbyeThenClose(factoryStranger).getDetail())
                .isEqualTo("frame length 4194304 exceeds the limit of 16384 bytes");

        GatewayClient cameraBeforeHello = tls(AgentTls.forIdentity(identity(camera.flash())));
        cameraBeforeHello.sendRaw(prefixOf64KiB);
        assertThat(goodbyeThenClose(cameraBeforeHello).getDetail())
                .isEqualTo("frame length 65536 exceeds the limit of 16384 bytes");
        assertThat(cloud.server().gatewayStats().closed(Closed.MALFORMED_FRAME)).isEqualTo(2);

        try (GatewayClient welcomed = tls(AgentTls.forIdentity(identity(camera.flash())))) {
            welcomed.send(hello(camera.serial()));
            assertThat(welcomed.receive(WAIT).hasWelcome()).isTrue();
            // A 64 KiB frame of a kind this cloud does not know: skipped, and the session goes on.
            Envelope fromTheFuture = Envelope.newBuilder().setUnknownFields(UnknownFieldSet.newBuilder()
                    .addField(200, UnknownFieldSet.Field.newBuilder()
                            .addLengthDelimited(ByteString.copyFromUtf8("thermal-image")).build())
                    .build()).build();
            welcomed.sendFrame(Frame.withPayload(fromTheFuture, Unpooled.wrappedBuffer(new byte[64 * 1024])));
            welcomed.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(9)).build());
            Envelope answer = welcomed.receive(WAIT);
            assertThat(answer.hasHeartbeatAck()).as("answer %s", answer).isTrue();
            assertThat(answer.getHeartbeatAck().getSequence()).isEqualTo(9);
        }
    }

    /**
     * Before the strangers' limit, a partial 4 MiB frame made the node hold 8 MiB of buffers per
     * connection (the cumulation grows past 4 MiB to 8 MiB; 9.4 MiB as the default allocator counts
     * its chunks); now the largest frame a stranger may start is 16 KiB, held in 32 KiB. The default
     * allocator counts whole chunks, so the bound here is loose; the exact figure is in the README.
     */
    @Test
    void aStrangerCanMakeTheNodeHoldKilobytesNotMegabytes() throws Exception {
        cloud = TestCloud.start(dir, c -> c.withStrangers(StrangerLimits.DEFAULT.withDeadline(Duration.ofMinutes(2))));
        int connections = 30;
        int frame = StrangerLimits.DEFAULT.frameLimits().maxFrameBytes();
        SSLContext tls = AgentTls.sslContext(cloud.server().ca().certificate(), null);
        Thread.sleep(200);
        long before = nettyBytesInUse();

        for (int i = 0; i < connections; i++) {
            SSLSocket socket = (SSLSocket) tls.getSocketFactory()
                    .createSocket("127.0.0.1", cloud.server().gatewayPort());
            strangers.add(socket);
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            out.write(ByteBuffer.allocate(6).putInt(frame).putShort((short) 2).array());
            out.write(new byte[frame - 3]); // all but the last byte: the node must keep it all
            out.flush();
        }
        assertThat(TestCloud.await(WAIT, () -> cloud.server().gatewayStats().strangers() == connections)).isTrue();
        Thread.sleep(500); // let the node read what was sent

        long perConnection = (nettyBytesInUse() - before) / connections;
        System.out.printf("a stranger with a partial %d-byte frame holds %.1f KiB of the node's buffers%n", frame,
                perConnection / 1024.0);
        assertThat(perConnection).isLessThan(1024 * 1024);
    }

    @Test
    void strangersBeyondThePerAddressLimitAreRefusedAndCountedWhileCamerasConnectAndStream() throws Exception {
        // A long deadline keeps the strangers in their places for the whole test.
        cloud = TestCloud.start(dir, c -> c.withStrangers(StrangerLimits.DEFAULT.withDeadline(Duration.ofMinutes(2))));
        VirtualCamera streaming = powerOnStreaming(cloud.provision().flash());
        TestCloud.Provisioned latecomer = cloud.provision();
        assertThat(TestCloud.await(FIRST_VIDEO, () -> streaming.online()
                && cloud.server().recorder().unitsReceived() > 0))
                .isTrue();
        GatewayStats stats = cloud.server().gatewayStats();
        int limit = StrangerLimits.DEFAULT.perAddress();

        List<Socket> admitted = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
            admitted.add(raw("127.0.0.2"));
        }
        assertThat(TestCloud.await(WAIT, () -> stats.strangers() == limit)).isTrue();
        List<Socket> refused = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            refused.add(raw("127.0.0.2"));
        }
        for (Socket s : refused) {
            assertThat(closedWithin(s, WAIT)).as("refused at once").isTrue();
        }
        assertThat(stats.closed(Closed.PER_ADDRESS_LIMIT)).isEqualTo(8);

        // From another address, with the 32 strangers still there: the factory and a camera get in.
        long unitsBefore = cloud.server().recorder().unitsReceived();
        TestCloud.Provisioned provisionedDuringTheFlood = cloud.provision();
        VirtualCamera camera = cloud.powerOn(latecomer.flash());
        assertThat(TestCloud.await(WAIT, camera::online)).isTrue();
        assertThat(TestCloud.await(WAIT, () -> cloud.server().recorder().unitsReceived() > unitsBefore + 15))
                .as("the streaming camera's video keeps arriving").isTrue();
        assertThat(stats.strangers()).isEqualTo(limit);
        assertThat(admitted).noneMatch(Socket::isClosed);
        assertStillServes(streaming);
        assertThat(cloud.server().devices().findBySerial(provisionedDuringTheFlood.serial())).isPresent();
    }

    @Test
    void strangersBeyondTheNodeLimitWaitForAPlaceInsteadOfBeingRefused() throws Exception {
        int nodeLimit = 6;
        cloud = TestCloud.start(dir, c -> c.withStrangers(StrangerLimits.DEFAULT.withDeadline(Duration.ofMinutes(2))
                .withTotal(nodeLimit)));
        VirtualCamera online = cloud.powerOn(cloud.provision().flash());
        TestCloud.Provisioned later = cloud.provision();
        assertThat(TestCloud.await(WAIT, online::online)).isTrue();
        GatewayStats stats = cloud.server().gatewayStats();

        List<Socket> held = new ArrayList<>();
        for (int i = 0; i < nodeLimit; i++) {
            held.add(raw("127.0.0." + (10 + i)));
        }
        assertThat(TestCloud.await(WAIT, () -> stats.strangers() == nodeLimit)).isTrue();
        Socket waiting = raw("127.0.0.20"); // in the accept backlog: the gateway stopped accepting
        assertStillServes(online);

        held.remove(0).close();
        assertThat(TestCloud.await(WAIT, () -> stats.strangers() == nodeLimit))
                .as("the waiting connection took the place given back").isTrue();
        assertThat(stats.closed(Closed.NODE_LIMIT)).as("nobody refused").isZero();

        for (Socket s : held) {
            s.close();
        }
        waiting.close();
        assertThat(TestCloud.await(WAIT, () -> stats.strangers() == 0)).isTrue();
        VirtualCamera camera = cloud.powerOn(later.flash());
        assertThat(TestCloud.await(WAIT, camera::online)).as("room again once the strangers left").isTrue();
    }

    @Test
    void aConnectionThatIsNotTlsLogsOneShortLineAndNoHexDump() throws Exception {
        cloud = TestCloud.start(dir);
        VirtualCamera bystander = cloud.powerOn(cloud.provision().flash());
        assertThat(TestCloud.await(WAIT, bystander::online)).isTrue();
        byte[] http = "GET / HTTP/1.1\r\nHost: camcloud\r\nUser-Agent: curl/8\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] junk = new byte[512];
        for (int i = 0; i < junk.length; i++) {
            junk[i] = (byte) (i * 7);
        }

        try (LogCapture everything = LogCapture.everything()) {
            Socket web = raw("127.0.0.1");
            web.getOutputStream().write(http);
            Socket binary = raw("127.0.0.1");
            binary.getOutputStream().write(junk);

            assertThat(closedWithin(web, WAIT)).isTrue();
            assertThat(closedWithin(binary, WAIT)).isTrue();
            assertThat(TestCloud.await(WAIT, () -> cloud.server().gatewayStats().closed(Closed.NOT_TLS) == 2)).isTrue();
            Thread.sleep(300); // anything else the node would log about them

            assertThat(linesAbout(everything, web)).singleElement().asString()
                    .isEqualTo("gateway: 127.0.0.1:" + web.getLocalPort()
                            + " does not speak TLS (sent \"GET / HTTP/1.1..\"); closed");
            assertThat(linesAbout(everything, binary)).singleElement().asString()
                    .isEqualTo("gateway: 127.0.0.1:" + binary.getLocalPort()
                            + " does not speak TLS (sent \".....#*18?FMT[bi\"); closed");
            assertThat(everything.events()).noneMatch(e -> e.getThrowableProxy() != null
                    && e.getLoggerName().startsWith("camcloud.cloud.gateway"));
            assertThat(everything.messages()).noneMatch(m -> m.contains("474554202f")); // "GET /" in hex
        }
        assertStillServes(bystander);
    }

    // ---- helpers ----

    private VirtualCamera powerOnStreaming(Path flash) throws IOException {
        return VirtualCamera.powerOn(flash, cameraLoops,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE)
                        .withBackoff(Duration.ofMillis(50), Duration.ofMillis(500)),
                new CameraVideo(new VideoSourceSpec.Synthetic(SCENE), videoClock, dir));
    }

    /** A plain TCP connection to the gateway from {@code localAddress} (any of 127.0.0.0/8). */
    private Socket raw(String localAddress) throws IOException {
        Socket socket = new Socket();
        strangers.add(socket);
        socket.bind(new InetSocketAddress(localAddress, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", cloud.server().gatewayPort()), 5_000);
        return socket;
    }

    private GatewayClient tls(io.netty.handler.ssl.SslContext context) throws IOException {
        GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(), context, WAIT);
        strangers.add(client);
        return client;
    }

    /** Reads and drops whatever arrives until the gateway closes; false if it is still open after {@code within}. */
    private static boolean closedWithin(Socket socket, Duration within) throws IOException {
        long end = System.nanoTime() + within.toNanos();
        byte[] sink = new byte[4096];
        InputStream in = socket.getInputStream();
        try {
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime());
                if (left <= 0) {
                    return false;
                }
                socket.setSoTimeout((int) Math.max(1, left));
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** The gateway's last Goodbye before it closed the connection (within the deadline bound). */
    private static Goodbye goodbyeThenClose(GatewayClient client) {
        Goodbye last = null;
        long end = System.nanoTime() + DEADLINE_BOUND.toNanos();
        try {
            while (System.nanoTime() < end) {
                Envelope e = client.receive(DEADLINE_BOUND);
                if (e.hasGoodbye()) {
                    last = e.getGoodbye();
                }
            }
        } catch (IOException closed) {
            assertThat(closed).hasMessageContaining("closed");
        }
        assertThat(last).as("a Goodbye before the close").isNotNull();
        assertThat(last.getReason()).isEqualTo(Goodbye.Reason.REASON_PROTOCOL_ERROR);
        return last;
    }

    private static List<String> linesAbout(LogCapture log, Socket socket) {
        String who = ":" + socket.getLocalPort();
        return log.events().stream().map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(who)).toList();
    }

    /**
     * The camera answers a command. On a loaded machine the test cameras' 200 ms heartbeats can miss
     * and the camera reconnect; what counts is that it is served, so a ping is retried for a while.
     */
    private void assertStillServes(VirtualCamera camera) {
        assertThat(TestCloud.await(Duration.ofSeconds(30), () -> answersPing(camera)))
                .as("camera %s answers a command", camera.serial()).isTrue();
    }

    private boolean answersPing(VirtualCamera camera) {
        try {
            CommandAck ack = cloud.server().presence().get(camera.serial()).orElseThrow()
                    .send(Command.newBuilder().setId(1).setPing(Ping.getDefaultInstance()).build(), Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS);
            return ack.getResult() == CommandAck.Result.RESULT_OK;
        } catch (Exception offlineOrReconnecting) {
            return false;
        }
    }

    private static long nettyBytesInUse() {
        ByteBufAllocatorMetric metric = ((ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT).metric();
        return metric.usedDirectMemory() + metric.usedHeapMemory();
    }
}
