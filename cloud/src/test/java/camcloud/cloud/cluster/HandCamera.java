package camcloud.cloud.cluster;

import camcloud.cloud.TestCloud;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import java.io.IOException;
import java.time.Duration;

/**
 * A provisioned camera's session driven by the test over a real TLS socket (its own certificate):
 * Hello, then heartbeats every 100 ms from the connection's loop so it stays online, and what the
 * gateway sends, heartbeat acks skipped. Two of them for one camera on two nodes is "the camera
 * reconnected elsewhere".
 */
final class HandCamera implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final GatewayClient client;

    private HandCamera(GatewayClient client) {
        this.client = client;
    }

    /** Connects {@code camera} to the gateway on {@code port} of loopback and says Hello as {@code version}. */
    static HandCamera online(TestCloud.Provisioned camera, int port, String version) throws IOException {
        CameraIdentity identity;
        try (CameraFlash f = CameraFlash.open(camera.flash(), CameraModels.builtIn())) {
            identity = f.identity();
        }
        HandCamera hand = new HandCamera(GatewayClient.connect("127.0.0.1", port, AgentTls.forIdentity(identity), WAIT));
        hand.client.send(Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(camera.serial())
                .setModel(CameraModels.builtIn().all().get(0).id())
                .setFirmwareVersion(version)
                .addCapabilities("commands.v1")
                .addCapabilities("firmware.v1")).build());
        Envelope welcome = hand.next();
        if (!welcome.hasWelcome()) {
            throw new IOException("expected Welcome, got " + welcome);
        }
        hand.client.heartbeatEvery(Duration.ofMillis(100));
        return hand;
    }

    /** The next message other than a heartbeat ack. */
    Envelope next() throws IOException {
        while (true) {
            Envelope e = client.receive(WAIT);
            if (!e.hasHeartbeatAck()) {
                return e;
            }
        }
    }

    boolean isOpen() {
        return client.isOpen();
    }

    @Override
    public void close() {
        client.close();
    }
}
