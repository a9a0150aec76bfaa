package camcloud.cloud.firmware;

import camcloud.cloud.CloudServer;
import camcloud.cloud.pki.PlatformCa;
import camcloud.device.agent.AgentTls;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.system.CameraSystem;
import camcloud.device.updater.UpdateTrust;
import camcloud.firmware.build.BuildInputs;
import camcloud.firmware.build.BuildRequest;
import camcloud.firmware.build.Firmware;
import camcloud.firmware.build.FirmwareBuilder;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleWriter;
import camcloud.firmware.bundle.FirmwareVersion;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/** Signed bundles published to a test cloud, and camera system software pointed at it. */
public final class FirmwareFixture {

    final SigningKey bundleKey = SigningKey.generate();
    final CloudServer server;

    public FirmwareFixture(CloudServer server) throws IOException {
        this.server = server;
        server.firmware().repository().trust(bundleKey.trustedKey());
    }

    static CameraModel firstModel() {
        return CameraModels.builtIn().all().get(0);
    }

    byte[] bundle(CameraModel model, String version) throws IOException {
        return bundle(model, version, bundleKey);
    }

    public static byte[] bundle(CameraModel model, String version, SigningKey key) throws IOException {
        return bundle(model, version, 0, key);
    }

    /** A bundle that installs only over {@code minVersionNumber} or later. */
    static byte[] bundle(CameraModel model, String version, long minVersionNumber, SigningKey key) throws IOException {
        Firmware fw = FirmwareBuilder.build(model, new BuildRequest(FirmwareVersion.parse(version), 0, 1_767_225_600L,
                BuildInputs.standIns()));
        List<BundleWriter.Content> parts = List.of(new BundleWriter.Content("kernel", "kernel", fw.kernelUImage()),
                new BundleWriter.Content("app", "app", fw.app()));
        BundleManifest manifest = BundleWriter.manifest(model.id(), FirmwareVersion.parse(version), minVersionNumber, key,
                parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleWriter.write(out, manifest, key, parts);
        return out.toByteArray();
    }

    public PublishedBundle publish(CameraModel model, String version) throws IOException {
        return server.firmware().repository().publish(new ByteArrayInputStream(bundle(model, version)));
    }

    UpdateTrust trust() {
        return new UpdateTrust(TrustStore.of(bundleKey.trustedKey()),
                TrustStore.of(server.firmware().signer().offerKey()));
    }

    /**
     * The system software of the camera whose flash is {@code flash} (provisioned already), talking
     * to this cloud; it downloads bundles over the node's camera HTTPS port with its own identity.
     */
    static CameraSystem system(Path flash) {
        return CameraSystem.ofCamera(flash, identity(flash), Duration.ofSeconds(10), Duration.ofSeconds(5), 4)
                .syncFlash(false);
    }

    /**
     * An HTTPS client as a camera {@code serial} would be: a device certificate from this node's CA
     * (the camera need not exist), that CA the only trust anchor.
     */
    HttpClient cameraHttp(String serial) throws GeneralSecurityException {
        KeyPair pair = PlatformCa.newKeyPair();
        X509Certificate cert = server.ca().issueDeviceCertificate(serial, pair.getPublic());
        return HttpClient.newBuilder().sslContext(tls(server.ca().certificate(), pair.getPrivate(), cert)).build();
    }

    /**
     * TLS 1.3 that trusts {@code ca} alone and, when {@code key} is not null, presents {@code cert}.
     */
    static SSLContext tls(X509Certificate ca, PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        return key == null ? AgentTls.sslContext(ca, null) : AgentTls.sslContext(ca, key, cert);
    }

    static CameraIdentity identity(Path flash) {
        try (CameraFlash chip = CameraFlash.open(flash, CameraModels.builtIn())) {
            return chip.identity();
        } catch (IOException e) {
            throw new UncheckedIOException("no camera identity in " + flash, e);
        }
    }
}
