package camcloud.cloud.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraIdentity;
import camcloud.protocol.Frame;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.MediaGap;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A camera played by a test: one {@link GatewayClient} connection that says Hello with a boot id and
 * then sends exactly the media frames the test scripts, with the timestamps the test chooses.
 */
public final class ScriptedCamera implements AutoCloseable {

    private boolean eventClips;

    private final RecordingNode node;
    private final GatewayClient client;
    private final String serial;
    private final List<Long> acks = new ArrayList<>();
    private Goodbye goodbye;

    private ScriptedCamera(RecordingNode node, GatewayClient client, String serial) {
        this.node = node;
        this.client = client;
        this.serial = serial;
    }

    static ScriptedCamera connect(RecordingNode node, CameraIdentity identity, long bootId) throws IOException {
        GatewayClient client = GatewayClient.connect("127.0.0.1", node.port(), AgentTls.forIdentity(identity),
                Duration.ofSeconds(10));
        client.send(Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(identity.serial())
                .setModel("xiaomi-yi-ants")
                .setFirmwareVersion("test")
                .setBootId(bootId)).build());
        assertThat(client.receive(Duration.ofSeconds(10)).hasWelcome()).isTrue();
        return new ScriptedCamera(node, client, identity.serial());
    }

    public String serial() {
        return serial;
    }

    public void config(TestVideo video) throws IOException {
        client.send(Envelope.newBuilder().setStreamConfig(StreamConfig.newBuilder()
                .setCodec("h264").setWidth(video.width()).setHeight(video.height()).setFps(TestVideo.FPS)
                .setSps(ByteString.copyFrom(video.sps())).setPps(ByteString.copyFrom(video.pps()))).build());
    }

    public void config(StreamConfig config) throws IOException {
        client.send(Envelope.newBuilder().setStreamConfig(config).build());
    }

    /** Marks the units sent from now on as parts of an event clip (a camera that records events only), or not. */
    public void eventClips(boolean on) {
        eventClips = on;
    }

    /** Sends one unit; the node's clock is the arrival time the test scripted. */
    public void unit(long sequence, long monoMicros, long wallMillis, boolean keyframe, byte[] annexB)
            throws IOException {
        client.sendFrame(Frame.withPayload(Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                .setSequence(sequence).setCaptureMonotonicUs(monoMicros).setCaptureWallMs(wallMillis)
                .setKeyframe(keyframe).setEventClip(eventClips)).build(), Unpooled.wrappedBuffer(annexB)));
    }

    /** Sends a unit as given (flags a test sets by hand). */
    public void unit(MediaUnit unit, byte[] annexB) throws IOException {
        client.sendFrame(Frame.withPayload(Envelope.newBuilder().setMediaUnit(unit).build(),
                Unpooled.wrappedBuffer(annexB)));
    }

    /**
     * Streams frames {@code first..first+count-1} of {@code video} as a live camera would: frame i is
     * captured at {@code mono0 + i * 40 ms} and arrives at the same moment of the scripted clock
     * ({@code arrival0 + i * 40 ms}). Each unit is sent once the gateway has handed on the previous
     * one, so it is stamped with exactly its scripted arrival. For units the gateway passes on
     * (not duplicates).
     */
    public void stream(TestVideo video, long first, int count, long mono0, long arrival0, long wall0)
            throws IOException {
        for (long i = first; i < first + count; i++) {
            long offset = i * TestVideo.FRAME_MICROS;
            node.clock.set(arrival0 + offset);
            long seen = node.unitsSeen();
            unit(i, mono0 + offset, wall0 + offset / 1000, video.keyframe(i), video.frame(i));
            awaitSeen(seen + 1);
        }
    }

    /** Waits until the gateway has handed on {@code count} units in all. */
    public void awaitSeen(long count) throws IOException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (node.unitsSeen() < count) {
            if (System.nanoTime() > end || !client.isOpen()) {
                throw new IOException("the gateway did not pass on unit " + count + " (connection open: "
                        + client.isOpen() + ")");
            }
            Thread.onSpinWait();
        }
    }

    /** Sends bytes as they are (a broken camera). */
    public void raw(byte[] bytes) throws IOException {
        client.sendRaw(bytes);
    }

    public void gap(long firstSeq, long lastSeq, long firstMono, long lastMono, String reason) throws IOException {
        client.send(Envelope.newBuilder().setMediaGap(MediaGap.newBuilder().setFirstSequence(firstSeq)
                .setLastSequence(lastSeq).setFirstCaptureMonotonicUs(firstMono).setLastCaptureMonotonicUs(lastMono)
                .setReason(reason)).build());
    }

    /** Waits until an ack of at least {@code sequence} arrived; returns the acks seen so far. */
    public List<Long> awaitAck(long sequence, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (acks.isEmpty() || acks.get(acks.size() - 1) < sequence) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no ack of " + sequence + " within " + timeout + "; acks " + acks);
            }
            take(Duration.ofNanos(left));
        }
        return List.copyOf(acks);
    }

    /** Acks received so far (reads what has arrived without waiting long). */
    public List<Long> acks() {
        try {
            while (true) {
                take(Duration.ofMillis(50));
            }
        } catch (IOException noMore) {
            return List.copyOf(acks);
        }
    }

    /** Waits for the Goodbye the gateway sends before closing this connection. */
    public Goodbye awaitGoodbye(Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        while (goodbye == null) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no Goodbye within " + timeout);
            }
            take(Duration.ofNanos(left));
        }
        return goodbye;
    }

    public boolean isOpen() {
        return client.isOpen();
    }

    private void take(Duration timeout) throws IOException {
        Envelope e = client.receive(timeout);
        if (e.hasMediaAck()) {
            acks.add(e.getMediaAck().getPersistedSequence());
        } else if (e.hasGoodbye()) {
            goodbye = e.getGoodbye();
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
