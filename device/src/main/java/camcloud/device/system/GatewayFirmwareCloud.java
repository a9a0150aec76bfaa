package camcloud.device.system;

import camcloud.device.agent.AgentTls;
import camcloud.device.agent.FirmwareOffers;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.identity.GatewayAddress;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.CameraStatus;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.FirmwareCheck;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.LedState;
import camcloud.protocol.v1.UpdateProgress;
import camcloud.protocol.v1.Welcome;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;

/**
 * {@link FirmwareCloud} over a gateway session: TLS 1.3 with the camera's identity (the platform CA
 * pinned, the device certificate presented), Hello with capability {@code firmware.v1}, then
 * {@code FirmwareCheck → FirmwareOffer} and {@code UpdateProgress} frames. The bundle itself is not
 * downloaded here but over HTTP(S) from the URL in the offer (see {@code BundleDownload}).
 */
public final class GatewayFirmwareCloud implements FirmwareCloud {

    public static final String CAPABILITY = FirmwareOffers.CAPABILITY;
    private static final long BOOT_ID = new SecureRandom().nextLong();

    private final GatewayClient gateway;
    private final Duration timeout;

    private GatewayFirmwareCloud(GatewayClient gateway, Duration timeout) {
        this.gateway = gateway;
        this.timeout = timeout;
    }

    /**
     * Connects and says Hello; returns once Welcome arrived. Tries the configured gateways in turn
     * (a camera in recovery mode must not depend on the one node that may be down); fails with the
     * last one's error when none welcomes it.
     */
    public static GatewayFirmwareCloud connect(CameraIdentity identity, CameraConfig config, String runningVersion,
                                               Duration timeout) throws IOException {
        IOException last = null;
        for (GatewayAddress address : config.gateways()) {
            try {
                return connect(identity, address, runningVersion, timeout);
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static GatewayFirmwareCloud connect(CameraIdentity identity, GatewayAddress address, String runningVersion,
                                                Duration timeout) throws IOException {
        io.netty.handler.ssl.SslContext tls = AgentTls.forIdentity(identity);
        GatewayClient gateway;
        try {
            gateway = GatewayClient.connect(address.host(), address.port(), tls, timeout);
        } finally {
            io.netty.util.ReferenceCountUtil.release(tls); // the connection's engine holds its own reference
        }
        try {
            gateway.send(Envelope.newBuilder().setHello(Hello.newBuilder()
                    .setProtocolVersion(ProtocolVersion.CURRENT)
                    .setSerial(identity.serial())
                    .setModel(identity.model())
                    .setFirmwareVersion(runningVersion)
                    .addCapabilities(CAPABILITY)
                    .setBootId(BOOT_ID)
                    .setCameraTimeMs(System.currentTimeMillis())).build());
            GatewayFirmwareCloud cloud = new GatewayFirmwareCloud(gateway, timeout);
            Welcome welcome = cloud.await(Envelope.BodyCase.WELCOME).getWelcome();
            // a download and three verified writes take longer than the cloud's patience with a quiet session
            gateway.heartbeatEvery(Duration.ofMillis(welcome.getHeartbeatIntervalMs() > 0
                    ? welcome.getHeartbeatIntervalMs() : 10_000));
            return cloud;
        } catch (IOException | RuntimeException e) {
            gateway.close();
            throw e;
        }
    }

    @Override
    public FirmwareOffer check(FirmwareCheck check) throws IOException {
        gateway.send(Envelope.newBuilder().setFirmwareCheck(check).build());
        return await(Envelope.BodyCase.FIRMWARE_OFFER).getFirmwareOffer();
    }

    @Override
    public void report(UpdateProgress progress) {
        try {
            gateway.send(Envelope.newBuilder().setUpdateProgress(progress).build());
        } catch (IOException e) {
            // a lost report must not stop the update; the next check tells the cloud where the camera is
        }
    }

    @Override
    public void led(LedState led) {
        try {
            gateway.send(Envelope.newBuilder().setStatus(CameraStatus.newBuilder().setLed(led)).build());
        } catch (IOException e) {
            // informative only
        }
    }

    /** Waits for one kind of frame, skipping others (heartbeat acks, commands for the agent). */
    private Envelope await(Envelope.BodyCase wanted) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no " + wanted + " from the cloud within " + timeout.toMillis() + " ms");
            }
            Envelope e = gateway.receive(Duration.ofNanos(left));
            if (e.getBodyCase() == wanted) {
                return e;
            }
            if (e.getBodyCase() == Envelope.BodyCase.GOODBYE) {
                Goodbye bye = e.getGoodbye();
                throw new IOException("the cloud closed the session: " + bye.getReason() + " " + bye.getDetail());
            }
        }
    }

    @Override
    public void close() {
        gateway.close();
    }
}
