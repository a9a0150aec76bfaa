package camcloud.firmware.bundle;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a signed bundle ({@link BundleFormat}) from parts held in memory (a camera's parts are a
 * few MiB). Parts are written in the order given, which is the order the updater applies them:
 * kernel first (it goes to the backup slot before anything else is touched), then app.
 */
public final class BundleWriter {

    /** One part to ship: its name, the partition it is written to, its bytes. */
    public record Content(String name, String partition, byte[] bytes) {
    }

    /** Chunk size of the per-chunk hashes: one erase block of every model we ship. */
    public static final int CHUNK_SIZE = 64 * 1024;

    private BundleWriter() {
    }

    /** The manifest for these parts, signed by {@code key} once written. */
    public static BundleManifest manifest(String model, FirmwareVersion version, long minVersionNumber,
                                          SigningKey key, List<Content> parts) {
        List<BundlePart> described = new ArrayList<>();
        for (Content c : parts) {
            byte[] b = c.bytes();
            List<String> chunks = new ArrayList<>();
            for (int off = 0; off < b.length; off += CHUNK_SIZE) {
                chunks.add(sha256(java.util.Arrays.copyOfRange(b, off, Math.min(b.length, off + CHUNK_SIZE))));
            }
            described.add(new BundlePart(c.name(), c.partition(), b.length, sha256(b), CHUNK_SIZE, chunks));
        }
        return new BundleManifest(model, version, minVersionNumber, key.keyId(), described);
    }

    /** Writes the whole bundle to {@code out}; the parts must be those the manifest describes. */
    public static void write(OutputStream out, BundleManifest manifest, SigningKey key, List<Content> parts)
            throws IOException {
        if (!manifest.keyId().equals(key.keyId())) {
            throw new BundleException("manifest names key " + manifest.keyId() + " but is signed with " + key.keyId());
        }
        Map<String, Content> byName = new LinkedHashMap<>();
        parts.forEach(p -> byName.put(p.name(), p));
        byte[] manifestBytes = manifest.toBytes();
        if (manifestBytes.length > BundleManifest.MAX_SIZE) {
            throw new BundleException("manifest is " + manifestBytes.length + " bytes, at most "
                    + BundleManifest.MAX_SIZE);
        }
        ByteArrayOutputStream signed = new ByteArrayOutputStream();
        DataOutputStream head = new DataOutputStream(signed);
        head.write(BundleFormat.MAGIC);
        head.writeInt(manifestBytes.length);
        head.write(manifestBytes);
        byte[] signature = key.sign(signed.toByteArray());
        head.writeShort(signature.length);
        head.write(signature);
        head.flush();
        out.write(signed.toByteArray());
        for (BundlePart p : manifest.parts()) {
            Content c = byName.get(p.name());
            if (c == null || c.bytes().length != p.size() || !sha256(c.bytes()).equals(p.sha256())) {
                throw new BundleException("part " + p.name() + " does not match its manifest entry");
            }
            out.write(c.bytes());
        }
        out.flush();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
