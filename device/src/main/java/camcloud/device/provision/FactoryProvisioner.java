package camcloud.device.provision;

import camcloud.device.agent.AgentTls;
import camcloud.device.agent.GatewayClient;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.firmware.model.CameraModel;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.ProvisioningProof;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.ProvisionChallenge;
import camcloud.protocol.v1.ProvisionHello;
import camcloud.protocol.v1.ProvisionRequest;
import camcloud.protocol.v1.ProvisionResult;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.List;

/**
 * What the factory line does for each camera: give it an identity (serial, MAC, key pair), register
 * it with the cloud under the operator token, and write identity and cloud address into its flash.
 * The claim code that comes back goes on the camera's label. The chip gets the model's
 * {@link FactoryImage} first, so the camera boots.
 */
public final class FactoryProvisioner {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String SERIAL_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    /** What the factory prints on the label. */
    public record Provisioned(String serial, String mac, String model, String claimCode) {
    }

    /** Thrown when provisioning cannot proceed; the message is fit for the factory operator. */
    public static final class ProvisioningException extends IOException {
        public ProvisioningException(String message) {
            super(message);
        }

        public ProvisioningException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private FactoryProvisioner() {
    }

    /**
     * Provisions the camera whose flash is {@code flashFile} (created erased if missing). Nothing is
     * written to the flash unless the cloud accepted the camera.
     */
    public static Provisioned provision(Path flashFile, CameraModel model, CameraConfig cloud, String operatorToken)
            throws IOException {
        try (CameraFlash flash = CameraFlash.openOrCreate(flashFile, model)) {
            if (flash.hasIdentity()) {
                throw new ProvisioningException(flashFile + " is already provisioned as camera "
                        + flash.identity().serial() + "; a camera gets its identity once");
            }
            KeyPair keys = newDeviceKey();
            String serial = newSerial();
            String mac = newMac();
            byte[] clientNonce = new byte[ProvisioningProof.NONCE_BYTES];
            RANDOM.nextBytes(clientNonce);

            ProvisionResult result;
            X509Certificate ca;
            try (GatewayClient gateway = GatewayClient.connect(cloud.cloudHost(), cloud.cloudPort(),
                    AgentTls.forProvisioning(), TIMEOUT)) {
                gateway.send(Envelope.newBuilder().setProvisionHello(ProvisionHello.newBuilder()
                        .setProtocolVersion(ProtocolVersion.CURRENT)
                        .setClientNonce(ByteString.copyFrom(clientNonce))).build());
                ProvisionChallenge challenge = expect(gateway.receive(TIMEOUT), Envelope.BodyCase.PROVISION_CHALLENGE)
                        .getProvisionChallenge();
                byte[] caDer = challenge.getPlatformCa().toByteArray();
                byte[] serverNonce = challenge.getServerNonce().toByteArray();
                if (!ProvisioningProof.matches(
                        ProvisioningProof.server(operatorToken, clientNonce, serverNonce, caDer),
                        challenge.getServerProof().toByteArray())) {
                    throw new ProvisioningException("the cloud at " + cloud.cloudAddress()
                            + " could not prove it knows the operator token: wrong token, or not our cloud");
                }
                ca = certificate(caDer);
                requireIssuedBy(gateway.peerCertificates(), ca, cloud);
                byte[] publicKey = keys.getPublic().getEncoded();
                gateway.send(Envelope.newBuilder().setProvisionRequest(ProvisionRequest.newBuilder()
                        .setSerial(serial)
                        .setMac(mac)
                        .setModel(model.id())
                        .setPublicKey(ByteString.copyFrom(publicKey))
                        .setClientProof(ByteString.copyFrom(ProvisioningProof.client(operatorToken, clientNonce,
                                serverNonce, serial, publicKey)))).build());
                result = expect(gateway.receive(TIMEOUT), Envelope.BodyCase.PROVISION_RESULT).getProvisionResult();
            }
            X509Certificate deviceCert = certificate(result.getDeviceCertificate().toByteArray());
            try {
                deviceCert.verify(ca.getPublicKey());
            } catch (GeneralSecurityException e) {
                throw new ProvisioningException("the cloud returned a certificate its CA did not sign", e);
            }
            ProvisionedFlash.write(flash, model, new CameraIdentity(serial, mac, model.id(), keys.getPrivate(),
                    deviceCert, ca), bytes(result.getOfferKeysList()), bytes(result.getBundleKeysList()), cloud);
            return new Provisioned(serial, mac, model.id(), result.getClaimCode());
        }
    }

    private static List<byte[]> bytes(List<ByteString> list) {
        return list.stream().map(ByteString::toByteArray).toList();
    }

    private static Envelope expect(Envelope envelope, Envelope.BodyCase expected) throws ProvisioningException {
        if (envelope.getBodyCase() == Envelope.BodyCase.GOODBYE) {
            throw new ProvisioningException("the cloud refused the camera: " + envelope.getGoodbye().getDetail());
        }
        if (envelope.getBodyCase() != expected) {
            throw new ProvisioningException("expected " + expected + " from the cloud, got " + envelope.getBodyCase());
        }
        return envelope;
    }

    private static void requireIssuedBy(Certificate[] chain, X509Certificate ca, CameraConfig cloud)
            throws ProvisioningException {
        try {
            ((X509Certificate) chain[0]).verify(ca.getPublicKey());
        } catch (GeneralSecurityException | ClassCastException | ArrayIndexOutOfBoundsException e) {
            throw new ProvisioningException("the TLS certificate of " + cloud.cloudAddress()
                    + " is not issued by the platform CA it sent", e);
        }
    }

    static X509Certificate certificate(byte[] der) throws ProvisioningException {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new ProvisioningException("the cloud sent an unreadable certificate", e);
        }
    }

    static KeyPair newDeviceKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is part of every JDK", e);
        }
    }

    /** {@code CC-} and 10 characters of Crockford base32: 50 random bits, readable on a label. */
    static String newSerial() {
        StringBuilder serial = new StringBuilder("CC-");
        for (int i = 0; i < 10; i++) {
            serial.append(SERIAL_ALPHABET.charAt(RANDOM.nextInt(SERIAL_ALPHABET.length())));
        }
        return serial.toString();
    }

    /** A locally administered unicast MAC (02:…), as a factory without an OUI would use. */
    static String newMac() {
        byte[] b = new byte[5];
        RANDOM.nextBytes(b);
        StringBuilder mac = new StringBuilder("02");
        for (byte x : b) {
            mac.append(':').append(String.format("%02x", x));
        }
        return mac.toString();
    }
}
