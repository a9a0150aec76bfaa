package camcloud.device.camera;

import camcloud.device.identity.CameraIdentity;
import camcloud.protocol.Envelopes;
import camcloud.protocol.Frame;
import camcloud.protocol.FrameDecoder;
import camcloud.protocol.FrameEncoder;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.EventAck;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.MediaAck;
import camcloud.protocol.v1.Welcome;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.ReferenceCountUtil;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A small gateway for camera tests in the device module (which cannot use the cloud's): its own CA,
 * TLS 1.3 with client certificates on a real socket at {@code localhost}, a Welcome for every Hello,
 * and a record of what the camera sent — statuses, events with their payloads — plus commands sent
 * to it with their acks.
 */
final class TestGateway implements AutoCloseable {

    /** An event frame as received: the message and its payload. */
    record ReceivedEvent(int connection, CameraEvent event, byte[] payload) {
    }

    final List<Envelope> received = new CopyOnWriteArrayList<>();
    final List<ReceivedEvent> events = new CopyOnWriteArrayList<>();
    final List<Channel> connections = new CopyOnWriteArrayList<>();
    volatile boolean acknowledgeEvents = true;
    /** Settings every Welcome carries with {@code settings.v1}; null: a cloud without it. */
    volatile Map<String, String> welcomeSettings;

    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;
    private final AtomicLong commandIds = new AtomicLong();
    private final ConcurrentHashMap<Long, CompletableFuture<CommandAck>> pending = new ConcurrentHashMap<>();

    /**
     * Answers every Hello with a Goodbye of this reason and closes (null: Welcome), as a node that
     * is draining or overloaded does.
     */
    volatile Goodbye.Reason refuseWith;
    /** Media units up to this sequence are acknowledged as they arrive (persisted); later ones never are. */
    volatile long acknowledgeMediaThrough = -1;

    TestGateway() throws Exception {
        this(keys(), null);
    }

    /** A second node of the same cloud: it trusts, and is trusted by, the cameras {@code sibling} issued. */
    TestGateway(TestGateway sibling) throws Exception {
        this(sibling.caKeys, sibling.ca);
    }

    private TestGateway(KeyPair caKeys, X509Certificate sharedCa) throws Exception {
        this.caKeys = caKeys;
        X500Name caName = new X500Name("CN=test CA");
        if (sharedCa == null) {
            JcaX509v3CertificateBuilder caBuilder = builder(caName, caName, caKeys.getPublic());
            caBuilder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            sharedCa = sign(caBuilder, caKeys.getPrivate());
        }
        ca = sharedCa;
        KeyPair gatewayKeys = keys();
        JcaX509v3CertificateBuilder gw = builder(caName, new X500Name("CN=localhost"), gatewayKeys.getPublic());
        gw.addExtension(Extension.subjectAlternativeName, false,
                new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        X509Certificate gatewayCert = sign(gw, caKeys.getPrivate());
        SslContext ssl = SslContextBuilder.forServer(gatewayKeys.getPrivate(), gatewayCert, ca)
                .sslProvider(SslProvider.JDK).protocols("TLSv1.3").trustManager(ca).clientAuth(ClientAuth.REQUIRE)
                .build();
        server = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline()
                                .addLast(ssl.newHandler(ch.alloc()))
                                .addLast(new FrameDecoder(FrameLimits.DEFAULT))
                                .addLast(new FrameEncoder(FrameLimits.DEFAULT))
                                .addLast(new Session(connections.size()));
                        connections.add(ch);
                    }
                })
                .bind("localhost", 0).syncUninterruptibly().channel();
    }

    int port() {
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    /** A camera identity this gateway's CA issued. */
    CameraIdentity identity(String serial, String model) throws Exception {
        KeyPair device = keys();
        X509Certificate cert = sign(builder(new X500Name("CN=test CA"), new X500Name("CN=" + serial),
                device.getPublic()), caKeys.getPrivate());
        return new CameraIdentity(serial, "02:00:00:00:00:01", model, device.getPrivate(), cert, ca);
    }

    /** Sends {@code command} on the newest connection; completes with the camera's ack. */
    CompletableFuture<CommandAck> send(Command.Builder command) {
        long id = commandIds.incrementAndGet();
        CompletableFuture<CommandAck> ack = new CompletableFuture<>();
        pending.put(id, ack);
        Channel channel = connections.get(connections.size() - 1);
        channel.writeAndFlush(Frame.of(Envelope.newBuilder().setCommand(command.setId(id)).build()));
        return ack.orTimeout(20, TimeUnit.SECONDS);
    }

    /** Ends the newest session with a Goodbye of {@code reason}, as a draining node does. */
    void goodbye(Goodbye.Reason reason) {
        Channel channel = connections.get(connections.size() - 1);
        channel.writeAndFlush(Envelopes.goodbye(reason, "test gateway says goodbye"))
                .addListener(f -> channel.close());
    }

    /** How many Hellos this gateway received. */
    long hellos() {
        return received.stream().filter(e -> e.getBodyCase() == Envelope.BodyCase.HELLO).count();
    }

    List<Envelope> ofKind(Envelope.BodyCase kind) {
        return received.stream().filter(e -> e.getBodyCase() == kind).toList();
    }

    static boolean await(BooleanSupplier condition) {
        return camcloud.device.Conditions.await(condition);
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        connections.forEach(Channel::close);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Last in the pipeline; releases every frame it reads. */
    private final class Session extends ChannelInboundHandlerAdapter {
        private final int connection;

        Session(int connection) {
            this.connection = connection;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof Frame frame) {
                    onFrame(ctx, frame);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onFrame(ChannelHandlerContext ctx, Frame frame) {
            Envelope envelope = frame.header();
            received.add(envelope);
            switch (envelope.getBodyCase()) {
                case HELLO -> {
                    Goodbye.Reason refusal = refuseWith;
                    if (refusal != null) {
                        ctx.writeAndFlush(Envelopes.goodbye(refusal, "test gateway refuses"))
                                .addListener(f -> ctx.close());
                        return;
                    }
                    Welcome.Builder welcome = Welcome.newBuilder().setSessionId("test-" + connection)
                            .setHeartbeatIntervalMs(60_000).setHeartbeatTolerance(3)
                            .addCapabilities("commands.v1").addCapabilities("media.v1");
                    Map<String, String> settings = welcomeSettings;
                    if (settings != null) {
                        welcome.addCapabilities("settings.v1").putAllSettings(settings);
                    }
                    ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setWelcome(welcome).build()));
                }
                case COMMAND_ACK -> {
                    CompletableFuture<CommandAck> ack = pending.remove(envelope.getCommandAck().getId());
                    if (ack != null) {
                        ack.complete(envelope.getCommandAck());
                    }
                }
                case MEDIA_UNIT -> {
                    long sequence = envelope.getMediaUnit().getSequence();
                    if (sequence <= acknowledgeMediaThrough) {
                        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setMediaAck(MediaAck.newBuilder()
                                .setStreamId(envelope.getMediaUnit().getStreamId()).setPersistedSequence(sequence))
                                .build()));
                    }
                }
                case CAMERA_EVENT -> {
                    CameraEvent event = envelope.getCameraEvent();
                    events.add(new ReceivedEvent(connection, event, ByteBufUtil.getBytes(frame.payload())));
                    if (acknowledgeEvents) {
                        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setEventAck(EventAck.newBuilder()
                                .setEventId(event.getEventId()).setPhase(event.getPhase())).build()));
                    }
                }
                default -> {
                }
            }
        }
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(System.nanoTime()),
                new Date(System.currentTimeMillis() - 3_600_000L), new Date(System.currentTimeMillis() + 86_400_000L),
                subject, key);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
    }
}
