package camcloud.cloud.provisioning;

import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.pki.PlatformCa;
import camcloud.firmware.bundle.TrustedKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers cameras fresh from the factory: a device certificate from the platform CA and a claim
 * code for each, all of them in the device table in one transaction, and the firmware trust
 * anchors the factory pins into them (this node's offer key and every publishing key it trusts;
 * none on a node without an update service).
 *
 * <p>Signing certificates is the cost of a batch (an ECDSA signature each, the database's share
 * is one commit), so a batch signs on every core. Blocking: call it off the event loops.
 */
public final class Registrar {

    /** Cameras per batch at most: a request body and a transaction of bounded size. */
    public static final int MAX_BATCH = 1000;

    private static final Logger log = LoggerFactory.getLogger(Registrar.class);

    private final PlatformCa ca;
    private final DeviceStore devices;
    private final FirmwareService firmware;

    /** {@code firmware} may be null (a node without an update service: cameras pin no firmware key). */
    public Registrar(PlatformCa ca, DeviceStore devices, FirmwareService firmware) {
        this.ca = ca;
        this.devices = devices;
        this.firmware = firmware;
    }

    /** The firmware keys the factory pins into each camera (DER SubjectPublicKeyInfo). */
    public record Anchors(List<byte[]> offerKeys, List<byte[]> bundleKeys) {
    }

    /** One registered camera: its certificate (DER) and the claim code for its label. */
    public record Issued(String serial, byte[] certificate, String claimCode) {
    }

    /** What the factory writes into every camera of the batch, and each camera's own part, in request order. */
    public record Registered(X509Certificate platformCa, Anchors anchors, List<Issued> cameras) {
    }

    /**
     * Registers one camera the caller has checked ({@link CameraChecks}), with its parsed key.
     *
     * @throws DeviceStore.DuplicateSerialException when the serial is registered already
     */
    public Registered register(NewCamera camera, PublicKey key) {
        return registerChecked(List.of(camera), List.of(key));
    }

    /**
     * Checks and registers a batch of 1 to {@link #MAX_BATCH} cameras: all of them, or none.
     *
     * @throws CameraRefusedException naming the first camera that is invalid, appears twice, or is
     *                                registered already
     */
    public Registered registerAll(List<NewCamera> cameras) {
        if (cameras.isEmpty() || cameras.size() > MAX_BATCH) {
            throw new IllegalArgumentException("a batch is 1 to " + MAX_BATCH + " cameras, was " + cameras.size());
        }
        List<PublicKey> keys = new ArrayList<>(cameras.size());
        Set<String> serials = new HashSet<>();
        for (NewCamera camera : cameras) {
            keys.add(CameraChecks.check(camera));
            if (!serials.add(camera.serial())) {
                throw new CameraRefusedException(camera.serial(), "appears more than once in the batch");
            }
        }
        try {
            return registerChecked(cameras, keys);
        } catch (DeviceStore.DuplicateSerialException e) {
            throw new CameraRefusedException(e.serial(), "is already registered");
        }
    }

    private Registered registerChecked(List<NewCamera> cameras, List<PublicKey> keys) {
        long started = System.nanoTime();
        // Keys first: a trust directory that cannot be read fails provisioning before anything is registered.
        List<TrustedKey> pinned = publishingKeys(cameras);
        Anchors anchors = anchors(pinned);
        // The expensive part, on every core (the common pool plus this thread).
        List<Issued> issued = IntStream.range(0, cameras.size()).parallel()
                .mapToObj(i -> issue(cameras.get(i).serial(), keys.get(i)))
                .toList();
        List<DeviceStore.Registration> registrations = new ArrayList<>(cameras.size());
        for (int i = 0; i < cameras.size(); i++) {
            NewCamera c = cameras.get(i);
            Issued cert = issued.get(i);
            registrations.add(new DeviceStore.Registration(c.serial(), c.mac(), c.model(), c.publicKey(),
                    cert.certificate(), cert.claimCode()));
        }
        devices.registerAll(registrations);
        recordPinnedKeys(issued.stream().map(Issued::serial).toList(), pinned);
        if (cameras.size() > 1) {
            log.info("registered {} cameras in one batch in {} ms", cameras.size(),
                    (System.nanoTime() - started) / 1_000_000);
        }
        return new Registered(ca.certificate(), anchors, issued);
    }

    private Issued issue(String serial, PublicKey key) {
        try {
            return new Issued(serial, ca.issueDeviceCertificate(serial, key).getEncoded(), ClaimCode.generate());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("issued certificate cannot be encoded", e);
        }
    }

    /** The publishing keys the cameras will pin; warns (once per batch) when they will accept no update. */
    private List<TrustedKey> publishingKeys(List<NewCamera> cameras) {
        String who = cameras.size() == 1 ? "camera " + cameras.get(0).serial() : cameras.size() + " cameras";
        if (firmware == null) {
            log.warn("{} will accept no firmware update: this node has no update service", who);
            return List.of();
        }
        List<TrustedKey> publishing = firmware.repository().trustedKeys();
        if (publishing.isEmpty()) {
            log.warn("{} will accept no firmware update: trust a publishing key before provisioning", who);
        }
        return publishing;
    }

    private Anchors anchors(List<TrustedKey> publishing) {
        if (firmware == null) {
            return new Anchors(List.of(), List.of());
        }
        return new Anchors(List.of(firmware.signer().offerKey().publicKey().getEncoded()),
                publishing.stream().map(k -> k.publicKey().getEncoded()).toList());
    }

    /**
     * Remembers which publishing keys the cameras pin, so the cloud refuses a target they would refuse.
     * After the registration (a duplicate serial must not overwrite the keys of the camera that has
     * it); a failure here does not undo a registration the cameras are about to rely on: they are
     * then like cameras provisioned before the cloud recorded keys (targets allowed with a warning).
     */
    private void recordPinnedKeys(List<String> serials, List<TrustedKey> pinned) {
        if (firmware == null) {
            return;
        }
        try {
            firmware.recordPinnedKeys(serials, pinned);
        } catch (RuntimeException e) {
            log.warn("{} camera(s) from {}: their pinned publishing keys could not be recorded ({}); targets for "
                    + "them will be checked by the cameras only", serials.size(), serials.get(0), e.getMessage());
        }
    }
}
