package camcloud.device.identity;

import camcloud.device.flash.FlashChip;
import camcloud.device.updater.UpdateTrust;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.env.EnvFormatException;
import camcloud.firmware.env.UBootEnvironment;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A camera's flash as the identity and settings code sees it: the {@code tech} partition holds a
 * {@link CameraIdentity}, the {@code config} partition a {@link CameraConfig}, both as U-Boot
 * environment blocks (so {@code fw_printenv} reads them on a real camera).
 */
public final class CameraFlash implements AutoCloseable {

    private static final String SETTING_PREFIX = "setting.";
    /** tech variables: comma-separated base64 X.509 SubjectPublicKeyInfo of Ed25519 keys. */
    private static final String OFFER_KEYS = "offer_keys";
    private static final String BUNDLE_KEYS = "bundle_keys";

    private final FlashChip chip;
    private final CameraModel model;

    private CameraFlash(FlashChip chip, CameraModel model) {
        this.chip = chip;
        this.model = model;
    }

    /** Opens the flash file of a camera of {@code model}, creating an erased chip when the file is missing. */
    public static CameraFlash openOrCreate(Path file, CameraModel model) throws IOException {
        return new CameraFlash(FlashChip.openOrCreate(file, model.flashSize(), model.eraseBlockSize()), model);
    }

    /**
     * Opens an existing flash file and finds which model's layout holds a valid identity in it, as
     * the camera's own firmware knows its layout.
     */
    public static CameraFlash open(Path file, CameraModels models) throws IOException {
        long size = FlashChip.chipSize(file);
        for (CameraModel candidate : models.all()) {
            if (candidate.flashSize() != size) {
                continue;
            }
            FlashChip chip = FlashChip.openOrCreate(file, candidate.flashSize(), candidate.eraseBlockSize());
            CameraFlash flash = new CameraFlash(chip, candidate);
            Optional<Map<String, String>> tech = flash.readBlock("tech");
            if (tech.isPresent() && candidate.id().equals(tech.get().get("model"))) {
                return flash;
            }
            chip.close();
        }
        throw new IOException(file + " holds no camera identity; provision it first with "
                + "'camcloud camera provision --flash " + file + " ...'");
    }

    public CameraModel model() {
        return model;
    }

    public FlashChip chip() {
        return chip;
    }

    public boolean hasIdentity() {
        return readBlock("tech").isPresent();
    }

    public CameraIdentity identity() throws IOException {
        Map<String, String> tech = readBlock("tech").orElseThrow(() -> new IOException("the tech partition is empty"));
        try {
            KeyFactory keys = KeyFactory.getInstance("EC");
            CertificateFactory certs = CertificateFactory.getInstance("X.509");
            PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(base64(tech, "device_key")));
            X509Certificate cert = (X509Certificate) certs.generateCertificate(
                    new ByteArrayInputStream(base64(tech, "device_cert")));
            X509Certificate ca = (X509Certificate) certs.generateCertificate(
                    new ByteArrayInputStream(base64(tech, "platform_ca")));
            return new CameraIdentity(required(tech, "serial"), required(tech, "mac"), required(tech, "model"), key,
                    cert, ca);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the tech partition holds a damaged identity: " + e.getMessage(), e);
        }
    }

    /**
     * The update trust anchors the factory pinned next to the identity: whose firmware offers and
     * whose bundles this camera accepts. Empty sets when none were pinned (the camera then refuses
     * every update, which is the safe failure).
     */
    public UpdateTrust updateTrust() throws IOException {
        Map<String, String> tech = readBlock("tech").orElseThrow(() -> new IOException("the tech partition is empty"));
        try {
            return new UpdateTrust(keys(tech, BUNDLE_KEYS), keys(tech, OFFER_KEYS));
        } catch (IllegalArgumentException e) {
            throw new IOException("the tech partition holds damaged update keys: " + e.getMessage(), e);
        }
    }

    /** Writes the identity without update trust anchors (a camera that accepts no update). */
    public void writeIdentity(CameraIdentity identity) throws IOException {
        writeIdentity(identity, List.of(), List.of());
    }

    /**
     * Writes the identity and the update trust anchors; the factory does this once, and no update
     * writes {@code tech} again.
     *
     * @param offerKeys  the cloud's firmware-offer keys (DER SubjectPublicKeyInfo, Ed25519)
     * @param bundleKeys the publishing keys whose bundles the camera installs (same encoding)
     * @throws IOException nothing written: a key is not an Ed25519 public key, or it all does not fit
     */
    public void writeIdentity(CameraIdentity identity, List<byte[]> offerKeys, List<byte[]> bundleKeys)
            throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("serial", identity.serial());
        vars.put("mac", identity.mac());
        vars.put("model", identity.model());
        try {
            vars.put("device_key", Base64.getEncoder().encodeToString(identity.deviceKey().getEncoded()));
            vars.put("device_cert", Base64.getEncoder().encodeToString(identity.certificate().getEncoded()));
            vars.put("platform_ca", Base64.getEncoder().encodeToString(identity.platformCa().getEncoded()));
            vars.put(OFFER_KEYS, joinKeys(offerKeys));
            vars.put(BUNDLE_KEYS, joinKeys(bundleKeys));
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException("cannot encode the camera's certificates", e);
        }
        writeBlock("tech", vars);
    }

    public Optional<CameraConfig> config() throws IOException {
        Optional<Map<String, String>> block = readBlock("config");
        if (block.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        block.get().forEach((k, v) -> {
            if (k.startsWith(SETTING_PREFIX)) {
                settings.put(k.substring(SETTING_PREFIX.length()), v);
            }
        });
        try {
            return Optional.of(CameraConfig.parseCloud(required(block.get(), "cloud"), settings));
        } catch (IllegalArgumentException e) {
            throw new IOException("the config partition is damaged: " + e.getMessage(), e);
        }
    }

    public void writeConfig(CameraConfig config) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("cloud", config.cloudAddress());
        config.settings().forEach((k, v) -> vars.put(SETTING_PREFIX + k, v));
        writeBlock("config", vars);
    }

    /** The environment block at the start of a partition; empty when erased or damaged. */
    private Optional<Map<String, String>> readBlock(String partitionName) {
        Partition p = model.layout().partition(partitionName);
        int size = blockSize(p);
        try {
            return Optional.of(UBootEnvironment.decode(chip.read(p.offset(), size)));
        } catch (EnvFormatException e) {
            return Optional.empty();
        }
    }

    private void writeBlock(String partitionName, Map<String, String> vars) throws IOException {
        Partition p = model.layout().partition(partitionName);
        int size = blockSize(p);
        byte[] block;
        try {
            block = UBootEnvironment.encode(vars, size);
        } catch (EnvFormatException e) {
            throw new IOException("does not fit in the " + partitionName + " partition: " + e.getMessage(), e);
        }
        chip.rewrite(p.offset(), roundUpToBlocks(size), block);
    }

    /** One erase block at the start of the partition is plenty for identity or settings. */
    private int blockSize(Partition p) {
        return (int) Math.min(p.size(), chip.eraseBlockSize());
    }

    private long roundUpToBlocks(long bytes) {
        long block = chip.eraseBlockSize();
        return (bytes + block - 1) / block * block;
    }

    private static String required(Map<String, String> vars, String name) throws IOException {
        String value = vars.get(name);
        if (value == null || value.isEmpty()) {
            throw new IOException("'" + name + "' is missing");
        }
        return value;
    }

    private static String joinKeys(List<byte[]> keys) throws IOException {
        List<String> encoded = new ArrayList<>();
        for (byte[] der : keys) {
            ed25519(der); // refuse what the camera could not read back
            encoded.add(Base64.getEncoder().encodeToString(der));
        }
        return String.join(",", encoded);
    }

    private static PublicKey ed25519(byte[] der) throws IOException {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }

    private static TrustStore keys(Map<String, String> tech, String name) throws IOException {
        String value = tech.getOrDefault(name, "");
        List<TrustedKey> keys = new ArrayList<>();
        for (String b64 : value.split(",")) {
            if (!b64.isBlank()) {
                keys.add(TrustedKey.of(ed25519(Base64.getDecoder().decode(b64.trim()))));
            }
        }
        return TrustStore.of(keys);
    }

    private static byte[] base64(Map<String, String> vars, String name) throws IOException {
        return Base64.getDecoder().decode(required(vars, name));
    }

    @Override
    public void close() throws IOException {
        chip.close();
    }
}
