package camcloud.device.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import camcloud.device.updater.UpdateTrust;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraFlashTest {

    private static final CameraModel MODEL = CameraModels.builtIn().all().get(0);

    @TempDir
    Path dir;

    @Test
    void updateTrustAnchorsPinnedAtTheFactoryReadBackAsTheCamerasTrust() throws Exception {
        SigningKey offer = SigningKey.generate();
        SigningKey bundleA = SigningKey.generate();
        SigningKey bundleB = SigningKey.generate();
        Path file = dir.resolve("cam.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(file, MODEL)) {
            flash.writeIdentity(identity(), List.of(der(offer)), List.of(der(bundleA), der(bundleB)));
        }
        try (CameraFlash flash = CameraFlash.open(file, CameraModels.builtIn())) {
            UpdateTrust trust = flash.updateTrust();
            assertThat(trust.offerKeys().keyIds()).containsExactly(offer.trustedKey().keyId());
            assertThat(trust.bundleKeys().keyIds())
                    .containsExactlyInAnyOrder(bundleA.trustedKey().keyId(), bundleB.trustedKey().keyId());
            assertThat(flash.identity().serial()).isEqualTo("CC-TEST000001");
        }
    }

    @Test
    void aCameraWithoutPinnedKeysTrustsNobody() throws Exception {
        Path file = dir.resolve("cam.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(file, MODEL)) {
            flash.writeIdentity(identity());
            assertThat(flash.updateTrust().offerKeys().keyIds()).isEmpty();
            assertThat(flash.updateTrust().bundleKeys().keyIds()).isEmpty();
        }
    }

    @Test
    void aKeyThatIsNotEd25519IsRefusedAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("cam.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(file, MODEL)) {
            byte[] before = Files.readAllBytes(file);
            byte[] ecKey = identity().certificate().getPublicKey().getEncoded();
            assertThatThrownBy(() -> flash.writeIdentity(identity(), List.of(ecKey), List.of()))
                    .isInstanceOf(IOException.class).hasMessageContaining("not an Ed25519 public key");
            assertThat(Files.readAllBytes(file)).isEqualTo(before);
        }
    }

    @Test
    void aConfigListingSeveralGatewaysReadsBackInOrderAndASingleOneIsWrittenAsBefore() throws Exception {
        Path file = dir.resolve("cam.flash");
        try (CameraFlash flash = CameraFlash.openOrCreate(file, MODEL)) {
            flash.writeConfig(CameraConfig.parseCloud("gw1.example:7443, [2001:db8::1]:7443,gw1.example:7443",
                    java.util.Map.of("motion.sensitivity", "70")));
            CameraConfig config = flash.config().orElseThrow();
            assertThat(config.gateways()).containsExactly(new GatewayAddress("gw1.example", 7443),
                    new GatewayAddress("2001:db8::1", 7443));
            assertThat(config.cloudAddress()).isEqualTo("gw1.example:7443,[2001:db8::1]:7443");
            assertThat(config.settings()).containsEntry("motion.sensitivity", "70");

            flash.writeConfig(new CameraConfig("localhost", 7443, java.util.Map.of()));
            assertThat(flash.config().orElseThrow().cloudAddress()).isEqualTo("localhost:7443");
            assertThat(flash.config().orElseThrow().cloudHost()).isEqualTo("localhost");
        }
        assertThatThrownBy(() -> CameraConfig.parseCloud("gw1:7443,", java.util.Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOST:PORT");
    }

    private static byte[] der(SigningKey key) {
        return key.trustedKey().publicKey().getEncoded();
    }

    private static CameraIdentity identity() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=CC-TEST000001");
        X509Certificate cert = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
                name, BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 86_400_000L), name,
                keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        return new CameraIdentity("CC-TEST000001", "02:00:00:00:00:01", MODEL.id(), keys.getPrivate(), cert, cert);
    }
}
