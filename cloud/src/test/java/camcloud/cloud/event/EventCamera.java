package camcloud.cloud.event;

import camcloud.cloud.TestCloud;
import camcloud.cloud.ingest.TestVideo;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.Frame;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.EventAck;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Heartbeat;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * A camera played by a test over a real TLS session with its real device certificate: Hello,
 * heartbeats, a few video units (so its timeline is anchored), and exactly the event frames the test
 * scripts. Its monotonic clock is the test's {@code System.nanoTime()}.
 */
final class EventCamera implements AutoCloseable {

    static final TestVideo VIDEO = TestVideo.of(50, 25);

    private final GatewayClient client;
    private final List<EventAck> acks = new CopyOnWriteArrayList<>();
    private volatile Goodbye goodbye;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor();
    private final Thread reader;
    private long sequence;
    private List<String> cloudCapabilities = List.of();

    private EventCamera(GatewayClient client) {
        this.client = client;
        this.reader = new Thread(this::read, "event-camera-reader");
        reader.setDaemon(true);
    }

    static CameraIdentity identity(TestCloud.Provisioned p) throws IOException {
        try (CameraFlash f = CameraFlash.open(p.flash(), CameraModels.builtIn())) {
            return f.identity();
        }
    }

    /** Connects, says Hello, is welcomed, starts heartbeats and reading. */
    static EventCamera connect(TestCloud cloud, CameraIdentity identity, long bootId) throws IOException {
        GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forIdentity(identity), Duration.ofSeconds(10));
        client.send(Envelope.newBuilder().setHello(Hello.newBuilder().setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(identity.serial()).setModel("xiaomi-yi-ants").setFirmwareVersion("test")
                .setBootId(bootId).setMonotonicUs(monoNow()).addCapabilities("events.v1")).build());
        Envelope first = client.receive(Duration.ofSeconds(10));
        if (!first.hasWelcome()) {
            throw new IOException("not welcomed: " + first);
        }
        EventCamera camera = new EventCamera(client);
        camera.cloudCapabilities = first.getWelcome().getCapabilitiesList();
        camera.beats.scheduleAtFixedRate(() -> {
            try {
                client.send(Envelope.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSequence(1)).build());
            } catch (IOException ignored) {
                // closed: the test sees it
            }
        }, 100, 100, TimeUnit.MILLISECONDS);
        camera.reader.start();
        return camera;
    }

    /** A connection that sends an event before its Hello (a broken camera). */
    static GatewayClient connectRaw(TestCloud cloud, CameraIdentity identity) throws IOException {
        return GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(), AgentTls.forIdentity(identity),
                Duration.ofSeconds(10));
    }

    static long monoNow() {
        return System.nanoTime() / 1000;
    }

    /** A StreamConfig and one second of video (a keyframe first), captured now. */
    void video() throws IOException {
        client.send(Envelope.newBuilder().setStreamConfig(StreamConfig.newBuilder().setCodec("h264")
                .setWidth(VIDEO.width()).setHeight(VIDEO.height()).setFps(TestVideo.FPS)
                .setSps(ByteString.copyFrom(VIDEO.sps())).setPps(ByteString.copyFrom(VIDEO.pps()))).build());
        long mono = monoNow();
        for (int i = 0; i < 25; i++) {
            client.sendFrame(Frame.withPayload(Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                    .setSequence(sequence++).setCaptureMonotonicUs(mono + i * TestVideo.FRAME_MICROS)
                    .setCaptureWallMs(System.currentTimeMillis()).setKeyframe(VIDEO.keyframe(i))).build(),
                    Unpooled.wrappedBuffer(VIDEO.frame(i))));
        }
    }

    static CameraEvent.Builder start(String id, String type, long mono) {
        return CameraEvent.newBuilder().setEventId(id).setPhase(CameraEvent.Phase.PHASE_START).setType(type)
                .setStartMonotonicUs(mono).setStartWallMs(System.currentTimeMillis()).setScore(0.25f)
                .setSnapshotType("image/jpeg");
    }

    static CameraEvent.Builder end(String id, String type, long startMono, long endMono) {
        return CameraEvent.newBuilder().setEventId(id).setPhase(CameraEvent.Phase.PHASE_END).setType(type)
                .setStartMonotonicUs(startMono).setEndMonotonicUs(endMono).setScore(0.5f)
                .putAllDetails(Map.of("frames", "12"));
    }

    void send(CameraEvent.Builder event, byte[] payload) throws IOException {
        client.sendFrame(Frame.withPayload(Envelope.newBuilder().setCameraEvent(event).build(),
                Unpooled.wrappedBuffer(payload)));
    }

    void send(CameraEvent.Builder event) throws IOException {
        client.send(Envelope.newBuilder().setCameraEvent(event).build());
    }

    /** Waits until the event's phase is acknowledged (at least {@code times} times). */
    boolean awaitAck(String id, CameraEvent.Phase phase, int times) {
        return TestCloud.await(Duration.ofSeconds(10), () -> acks.stream()
                .filter(a -> a.getEventId().equals(id) && a.getPhase() == phase).count() >= times);
    }

    /** What the cloud announced in its Welcome. */
    List<String> cloudCapabilities() {
        return cloudCapabilities;
    }

    boolean isOpen() {
        return client.isOpen();
    }

    Goodbye goodbye() {
        return goodbye;
    }

    /** Every ack received so far. */
    List<EventAck> acks() {
        return List.copyOf(acks);
    }

    /** A small real JPEG of {@code width} x {@code height}. */
    static byte[] jpeg(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    private void read() {
        while (client.isOpen()) {
            try {
                Envelope e = client.receive(Duration.ofMillis(200));
                if (e.hasEventAck()) {
                    acks.add(e.getEventAck());
                } else if (e.hasGoodbye()) {
                    goodbye = e.getGoodbye();
                }
            } catch (IOException quiet) {
                // nothing yet, or closed
            }
        }
    }

    @Override
    public void close() {
        beats.shutdownNow();
        client.close();
    }
}
