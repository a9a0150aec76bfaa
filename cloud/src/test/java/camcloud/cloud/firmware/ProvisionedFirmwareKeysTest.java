package camcloud.cloud.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.LogCapture;
import camcloud.cloud.TestCloud;
import camcloud.cloud.pki.PlatformCa;
import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.firmware.bundle.SigningKey;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.ProvisioningProof;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.ProvisionChallenge;
import camcloud.protocol.v1.ProvisionHello;
import camcloud.protocol.v1.ProvisionRequest;
import camcloud.protocol.v1.ProvisionResult;
import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The factory's ProvisionResult carries the firmware trust anchors a camera is pinned with: the
 * cloud's offer key and every publishing key the cloud trusts at that moment (none, with a warning,
 * before one is trusted); the cloud records which publishing keys each camera pinned.
 */
class ProvisionedFirmwareKeysTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    @Test
    void resultCarriesTheOfferKeyAndTheTrustedPublishingKeys() throws Exception {
        try (TestCloud cloud = TestCloud.start(dir)) {
            FirmwareService firmware = cloud.server().firmware();
            byte[] offerKey = firmware.signer().offerKey().publicKey().getEncoded();

            ProvisionResult before;
            try (LogCapture log = LogCapture.of(camcloud.cloud.provisioning.Registrar.class)) {
                before = provision(cloud, "CC-KEYS000001");
                assertThat(log.messages()).anyMatch(m -> m.contains("CC-KEYS000001")
                        && m.contains("will accept no firmware update: trust a publishing key before provisioning"));
            }
            assertThat(before.getDeviceCertificate().isEmpty()).isFalse();
            assertThat(before.getOfferKeysList()).containsExactly(ByteString.copyFrom(offerKey));
            assertThat(before.getBundleKeysList()).isEmpty();
            assertThat(firmware.pinnedKeys("CC-KEYS000001")).contains(java.util.List.of()); // known: none

            SigningKey ci = SigningKey.generate();
            SigningKey release = SigningKey.generate();
            firmware.repository().trust(ci.trustedKey());
            firmware.repository().trust(release.trustedKey());
            firmware.repository().trust(ci.trustedKey()); // twice: still one key

            ProvisionResult after;
            try (LogCapture log = LogCapture.of(camcloud.cloud.provisioning.Registrar.class)) {
                after = provision(cloud, "CC-KEYS000002");
                assertThat(log.messages()).noneMatch(m -> m.contains("will accept no firmware update"));
            }
            assertThat(after.getOfferKeysList()).containsExactly(ByteString.copyFrom(offerKey));
            assertThat(after.getBundleKeysList()).containsExactlyInAnyOrder(
                    ByteString.copyFrom(ci.trustedKey().publicKey().getEncoded()),
                    ByteString.copyFrom(release.trustedKey().publicKey().getEncoded()));
            // the cloud remembers what this camera pinned, to refuse targets it would refuse
            assertThat(firmware.pinnedKeys("CC-KEYS000002")).contains(
                    java.util.stream.Stream.of(ci.keyId(), release.keyId()).sorted().toList());
            assertThat(firmware.pinnedKeys("CC-NEVER-PROVISIONED")).isEmpty();
        }
    }

    /** The factory's side of the token handshake, by hand, to see the raw ProvisionResult. */
    private static ProvisionResult provision(TestCloud cloud, String serial) throws Exception {
        String token = cloud.server().operatorToken();
        byte[] clientNonce = new byte[ProvisioningProof.NONCE_BYTES];
        new SecureRandom().nextBytes(clientNonce);
        byte[] publicKey = PlatformCa.newKeyPair().getPublic().getEncoded();
        try (GatewayClient client = GatewayClient.connect("127.0.0.1", cloud.server().gatewayPort(),
                AgentTls.forProvisioning(), WAIT)) {
            client.send(Envelope.newBuilder().setProvisionHello(ProvisionHello.newBuilder()
                    .setProtocolVersion(ProtocolVersion.CURRENT)
                    .setClientNonce(ByteString.copyFrom(clientNonce))).build());
            ProvisionChallenge challenge = client.receive(WAIT).getProvisionChallenge();
            client.send(Envelope.newBuilder().setProvisionRequest(ProvisionRequest.newBuilder()
                    .setSerial(serial)
                    .setMac("02:00:00:00:00:01")
                    .setModel(FirmwareFixture.firstModel().id())
                    .setPublicKey(ByteString.copyFrom(publicKey))
                    .setClientProof(ByteString.copyFrom(ProvisioningProof.client(token, clientNonce,
                            challenge.getServerNonce().toByteArray(), serial, publicKey)))).build());
            Envelope answer = client.receive(WAIT);
            assertThat(answer.hasProvisionResult()).as(answer.toString()).isTrue();
            return answer.getProvisionResult();
        }
    }
}
