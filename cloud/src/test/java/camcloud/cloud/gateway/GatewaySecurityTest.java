package camcloud.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.cloud.LogCapture;
import camcloud.cloud.TestCloud;
import camcloud.cloud.pki.PlatformCa;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.ProvisioningProof;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.ProvisionHello;
import camcloud.protocol.v1.ProvisionRequest;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may talk to the gateway, through real TLS connections to a real node. */
class GatewaySecurityTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    TestCloud cloud;

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void cameraPresentingAnotherCamerasSerialIsRefusedAndLogged() throws Exception {
        TestCloud.Provisioned mallory = cloud.provision();
        TestCloud.Provisioned victim = cloud.provision();
        try (LogCapture log = LogCapture.of(CameraSession.class);
             GatewayClient client = connectAs(identity(mallory.flash()))) {
            client.send(hello(victim.serial()));

            Envelope answer = client.receive(WAIT);

            assertThat(answer.getGoodbye().getReason()).isEqualTo(Goodbye.Reason.REASON_UNAUTHENTICATED);
            assertThat(TestCloud.await(WAIT, () -> !client.isOpen())).isTrue();
            assertThat(cloud.server().presence().isOnline(victim.serial())).isFalse();
            assertThat(log.messages()).anyMatch(m -> m.startsWith("SECURITY") && m.contains(mallory.serial())
                    && m.contains(victim.serial()));
        }
    }

    @Test
    void certificateTheCaDidNotIssueCannotConnect() throws Exception {
        TestCloud.Provisioned victim = cloud.provision();
        CameraIdentity real = identity(victim.flash());
        // Same serial, a key of the attacker's own, a certificate signed by the attacker's own CA.
        PlatformCa rogue = PlatformCa.loadOrCreate(dir.resolve("rogue-ca"), java.util.List.of("localhost"));
        KeyPair key = PlatformCa.newKeyPair();
        X509Certificate forged = rogue.issueDeviceCertificate(victim.serial(), key.getPublic());
        CameraIdentity impostor = new CameraIdentity(victim.serial(), real.mac(), real.model(), key.getPrivate(),
                forged, real.platformCa());

        // The JDK offers a client certificate only when its issuer is one the gateway asked for, so the
        // forged one is never even sent; either way the impostor must end up refused, never online.
        Envelope answer = null;
        try (GatewayClient client = connectAs(impostor)) {
            client.send(hello(victim.serial()));
            answer = client.receive(WAIT);
        } catch (IOException refusedDuringHandshake) {
            // also a refusal
        }
        if (answer != null) {
            assertThat(answer.getGoodbye().getReason()).isEqualTo(Goodbye.Reason.REASON_UNAUTHENTICATED);
        }
        assertThat(cloud.server().presence().isOnline(victim.serial())).isFalse();
    }

    @Test
    void certificateForAnUnregisteredSerialIsRefused() throws Exception {
        TestCloud.Provisioned camera = cloud.provision();
        CameraIdentity real = identity(camera.flash());
        KeyPair key = PlatformCa.newKeyPair();
        X509Certificate unregistered = cloud.server().ca().issueDeviceCertificate("CC-NEVERMADE01", key.getPublic());
        CameraIdentity ghost = new CameraIdentity("CC-NEVERMADE01", real.mac(), real.model(), key.getPrivate(),
                unregistered, real.platformCa());
        try (LogCapture log = LogCapture.of(CameraSession.class); GatewayClient client = connectAs(ghost)) {
            client.send(hello("CC-NEVERMADE01"));

            assertThat(client.receive(WAIT).getGoodbye().getReason())
                    .isEqualTo(Goodbye.Reason.REASON_UNAUTHENTICATED);
            assertThat(log.contains("not the one registered")).isTrue();
        }
    }

    @Test
    void provisioningWithAWrongTokenWritesNothingAnywhere() throws Exception {
        Path flash = dir.resolve("wrong-token.flash");

        assertThatThrownBy(() -> FactoryProvisioner.provision(flash, CameraModels.builtIn().all().get(0),
                cloud.cloudAddress(), "not-the-operator-token-at-all-0123456789"))
                .isInstanceOf(FactoryProvisioner.ProvisioningException.class)
                .hasMessageContaining("could not prove it knows the operator token");
        try (CameraFlash f = CameraFlash.openOrCreate(flash, CameraModels.builtIn().all().get(0))) {
            assertThat(f.hasIdentity()).isFalse();
        }
        assertThat(cloud.server().devices().all()).isEmpty();
    }

    @Test
    void provisioningRequestWithoutTheTokenIsRefusedAndTheTokenNeverLogged() throws Exception {
        try (LogCapture log = LogCapture.of(ProvisioningSession.class);
             GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                     AgentTls.forProvisioning(), WAIT)) {
            client.send(Envelope.newBuilder().setProvisionHello(ProvisionHello.newBuilder()
                    .setProtocolVersion(ProtocolVersion.CURRENT)
                    .setClientNonce(ByteString.copyFrom(new byte[ProvisioningProof.NONCE_BYTES]))).build());
            assertThat(client.receive(WAIT).hasProvisionChallenge()).isTrue();
            client.send(Envelope.newBuilder().setProvisionRequest(ProvisionRequest.newBuilder()
                    .setSerial("CC-STRANGER01").setMac("02:00:00:00:00:01").setModel("xiaomi-yi-ants")
                    .setPublicKey(ByteString.copyFrom(PlatformCa.newKeyPair().getPublic().getEncoded()))
                    .setClientProof(ByteString.copyFrom(new byte[32]))).build());

            assertThat(client.receive(WAIT).getGoodbye().getReason()).isEqualTo(Goodbye.Reason.REASON_UNAUTHENTICATED);
            assertThat(log.contains("wrong operator token")).isTrue();
            assertThat(log.messages()).noneMatch(m -> m.contains(cloud.server().operatorToken()));
        }
        assertThat(cloud.server().devices().findBySerial("CC-STRANGER01")).isEmpty();
    }

    @Test
    void helloWithoutACertificateIsRefused() throws Exception {
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forProvisioning(), WAIT)) {
            client.send(hello("CC-ANYONE0001"));

            assertThat(client.receive(WAIT).getGoodbye().getReason()).isEqualTo(Goodbye.Reason.REASON_UNAUTHENTICATED);
        }
    }

    static Envelope hello(String serial) {
        return Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT)
                .setSerial(serial)
                .setModel("xiaomi-yi-ants")
                .setFirmwareVersion("test")).build();
    }

    static CameraIdentity identity(Path flash) throws IOException {
        try (CameraFlash f = CameraFlash.open(flash, CameraModels.builtIn())) {
            return f.identity();
        }
    }

    GatewayClient connectAs(CameraIdentity identity) throws IOException {
        return GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(), AgentTls.forIdentity(identity), WAIT);
    }

}
