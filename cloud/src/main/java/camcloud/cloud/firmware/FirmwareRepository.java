package camcloud.cloud.firmware;

import camcloud.cloud.db.Database;
import camcloud.cloud.storage.ObjectStore;
import camcloud.firmware.bundle.BundleException;
import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleVerifier;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.bundle.TrustedKey;
import camcloud.firmware.model.CameraModels;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Published firmware bundles, per model and version: objects {@code <model>/<model>-<version>.bundle}
 * in the node's firmware {@link ObjectStore} ({@code DATA/firmware/bundles/} locally, {@code firmware/}
 * in a shared bucket, so every node serves what any node published), rows in {@code firmware_bundles}. A bundle is accepted only when it verifies completely
 * (signature by a key in {@code DATA/firmware/trust/*.pub}, known model, every hash, no trailing
 * bytes) — the cloud never serves a bundle a camera would refuse. Publishing the same model and
 * version again with other bytes is refused: a version names one build.
 */
public final class FirmwareRepository {

    /** A bundle larger than this is refused on upload. */
    public static final long MAX_BUNDLE = 64L << 20;

    private final ObjectStore bundles;
    /** Uploads wait here (local disk) while they are verified, before they go into the store. */
    private final Path incomingDir;
    private final Path trustDir;
    private final FirmwareStore store;
    private final CameraModels models;
    private final Clock clock;

    /**
     * @param firmwareDir the node's {@code DATA/firmware}: trusted keys ({@code trust/}) and uploads being verified
     * @param bundles where bundle files are kept
     */
    public FirmwareRepository(Path firmwareDir, ObjectStore bundles, Database db, CameraModels models, Clock clock)
            throws IOException {
        this.bundles = bundles;
        this.incomingDir = firmwareDir.resolve("incoming");
        this.trustDir = firmwareDir.resolve("trust");
        Files.createDirectories(incomingDir);
        // What a crash in the middle of a publish left: an upload being verified, a bundle being stored.
        try (var leftovers = Files.list(incomingDir)) {
            for (Path f : leftovers.toList()) {
                Files.deleteIfExists(f);
            }
        }
        bundles.sweepPending();
        Files.createDirectories(trustDir);
        this.store = new FirmwareStore(db);
        this.models = models;
        this.clock = clock;
    }

    FirmwareStore store() {
        return store;
    }

    /** Adds a key whose bundles this cloud accepts (written to {@code DATA/firmware/trust/<keyId>.pub}). */
    public void trust(TrustedKey key) throws IOException {
        // Written aside and moved in, so a concurrent reader never sees half a key file.
        Path tmp = trustDir.resolve("." + key.keyId() + ".pub.tmp");
        key.save(tmp);
        Files.move(tmp, trustDir.resolve(key.keyId() + ".pub"), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * The publishing keys this cloud trusts ({@code DATA/firmware/trust/*.pub}), by key id; empty when
     * none is trusted yet. These are what the factory pins into new cameras.
     *
     * @throws BundleException when a {@code .pub} file there cannot be read (naming the file)
     */
    public List<TrustedKey> trustedKeys() {
        Map<String, TrustedKey> byId = new TreeMap<>();
        for (Path pub : trustFiles()) {
            TrustedKey key = TrustedKey.load(pub);
            byId.putIfAbsent(key.keyId(), key);
        }
        return List.copyOf(byId.values());
    }

    private List<Path> trustFiles() {
        try (var files = Files.list(trustDir)) {
            return files.filter(p -> p.toString().endsWith(".pub")).sorted().toList();
        } catch (IOException e) {
            throw new BundleException("cannot read " + trustDir + ": " + e.getMessage());
        }
    }

    private TrustStore trustStore() {
        try (var files = Files.list(trustDir)) {
            List<Path> pubs = new ArrayList<>(files.filter(p -> p.toString().endsWith(".pub")).toList());
            if (pubs.isEmpty()) {
                throw new BundleException("no bundle signing key is trusted yet: put the build's .pub file into "
                        + trustDir);
            }
            return TrustStore.load(pubs);
        } catch (IOException e) {
            throw new BundleException("cannot read " + trustDir + ": " + e.getMessage());
        }
    }

    /**
     * Stores and indexes a bundle.
     *
     * @throws BundleException when it does not verify, is too big, or conflicts with a published one
     */
    public PublishedBundle publish(InputStream in) throws IOException {
        Path tmp = Files.createTempFile(incomingDir, ".upload-", ".part");
        try {
            MessageDigest sha = sha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), sha)) {
                size = copyAtMost(in, out, MAX_BUNDLE);
            }
            BundleManifest manifest = BundleVerifier.verify(tmp, trustStore(), models);
            String hash = HexFormat.of().formatHex(sha.digest());
            String model = manifest.model();
            String version = manifest.version().text();
            Optional<PublishedBundle> existing = store.bundle(model, version);
            if (existing.isPresent() && !existing.get().sha256().equals(hash)) {
                throw new BundleException("model " + model + " version " + version
                        + " is already published with other bytes; publish a new version");
            }
            if (existing.isPresent()) {
                // The same bytes again (a re-run CI pipeline): nothing to change, not even the publish time.
                return existing.get();
            }
            String fileName = model + "-" + version + ".bundle";
            // The object first, then the row: a row always names a complete object.
            try (ObjectStore.PendingObject object = bundles.create(key(model, fileName))) {
                Files.copy(tmp, object.stream());
                object.commit();
            }
            PublishedBundle published = new PublishedBundle(model, version, manifest.version().number(),
                    manifest.minVersionNumber(), size, hash, manifest.keyId(), fileName, clock.millis());
            store.putBundle(published);
            return published;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public Optional<PublishedBundle> find(String model, String version) {
        return store.bundle(model, version);
    }

    /** Newest first; {@code model} null lists every model. */
    public List<PublishedBundle> list(String model) {
        return store.bundles(model);
    }

    /** The newest published bundle of {@code model}. */
    public Optional<PublishedBundle> latest(String model) {
        return store.bundles(model).stream().findFirst();
    }

    /** {@code length} bytes of the bundle's file from {@code offset} (the caller closes the stream). */
    public InputStream open(PublishedBundle b, long offset, long length) throws IOException {
        return bundles.read(key(b.model(), b.fileName()), offset, length);
    }

    /** The bundle's whole file. */
    public byte[] bytes(PublishedBundle b) throws IOException {
        try (InputStream in = open(b, 0, b.size())) {
            return in.readAllBytes();
        }
    }

    private static String key(String model, String fileName) {
        return model + "/" + fileName;
    }

    private static long copyAtMost(InputStream in, OutputStream out, long max) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            total += n;
            if (total > max) {
                throw new BundleException("bundle is larger than " + max + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return total;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
