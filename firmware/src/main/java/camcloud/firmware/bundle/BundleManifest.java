package camcloud.firmware.bundle;

import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a bundle claims to be; signed, so the camera can decide before it writes a byte. Text,
 * UTF-8, one {@code key=value} per line in this order (no escapes, no comments, no blank lines):
 *
 * <pre>
 * format=camcloud-bundle/1
 * model=xiaomi-yi-ants
 * version=1.4.2
 * versionNumber=1004002          monotonic: a camera refuses anything not above what it runs
 * minVersionNumber=1000000       oldest version that may install this bundle (0: any)
 * signatureAlgorithm=Ed25519
 * keyId=0123456789abcdef         the key that signed it; the camera looks it up in its TrustStore
 * parts=kernel,app               in bundle order
 * part.kernel.partition=kernel
 * part.kernel.size=3670080
 * part.kernel.sha256=&lt;64 hex&gt;
 * part.kernel.chunkSize=65536
 * part.kernel.chunks=&lt;64 hex&gt;,&lt;64 hex&gt;,…   SHA-256 of each chunk, so each can be checked before it is written
 * part.app.partition=app
 * …
 * </pre>
 */
public record BundleManifest(String model, FirmwareVersion version, long minVersionNumber, String keyId,
                             List<BundlePart> parts) {

    public static final String FORMAT = "camcloud-bundle/1";
    /** Largest manifest a reader accepts: it is held in RAM before its signature is checked. */
    public static final int MAX_SIZE = 128 * 1024;

    public BundleManifest {
        parts = List.copyOf(parts);
        Set<String> names = new HashSet<>();
        for (BundlePart p : parts) {
            if (!names.add(p.name())) {
                throw new BundleException("manifest lists part '" + p.name() + "' twice");
            }
        }
        if (parts.isEmpty()) {
            throw new BundleException("manifest lists no parts");
        }
        if (minVersionNumber < 0) {
            throw new BundleException("minVersionNumber must not be negative");
        }
    }

    public Optional<BundlePart> part(String name) {
        return parts.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Bytes of all parts. */
    public long partsSize() {
        return parts.stream().mapToLong(BundlePart::size).sum();
    }

    /** The manifest as signed. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        line(sb, "format", FORMAT);
        line(sb, "model", model);
        line(sb, "version", version.text());
        line(sb, "versionNumber", Long.toString(version.number()));
        line(sb, "minVersionNumber", Long.toString(minVersionNumber));
        line(sb, "signatureAlgorithm", KeyFile.ALGORITHM);
        line(sb, "keyId", keyId);
        line(sb, "parts", String.join(",", parts.stream().map(BundlePart::name).toList()));
        for (BundlePart p : parts) {
            line(sb, "part." + p.name() + ".partition", p.partition());
            line(sb, "part." + p.name() + ".size", Long.toString(p.size()));
            line(sb, "part." + p.name() + ".sha256", p.sha256());
            line(sb, "part." + p.name() + ".chunkSize", Integer.toString(p.chunkSize()));
            line(sb, "part." + p.name() + ".chunks", String.join(",", p.chunkHashes()));
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, String key, String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new BundleException("manifest value of '" + key + "' contains a line break");
        }
        sb.append(key).append('=').append(value).append('\n');
    }

    /**
     * Parses manifest bytes (after the signature has been checked, but still defensively).
     *
     * @throws BundleException naming the line or key at fault
     */
    public static BundleManifest parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        Map<String, String> fields = new LinkedHashMap<>();
        String[] lines = text.split("\n", -1);
        if (!lines[lines.length - 1].isEmpty()) {
            throw new BundleException("manifest does not end with a newline");
        }
        for (int i = 0; i < lines.length - 1; i++) {
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw new BundleException("manifest line " + (i + 1) + " is not key=value: '" + lines[i] + "'");
            }
            if (fields.put(lines[i].substring(0, eq), lines[i].substring(eq + 1)) != null) {
                throw new BundleException("manifest key '" + lines[i].substring(0, eq) + "' appears twice");
            }
        }
        Fields f = new Fields(fields);
        if (!FORMAT.equals(f.take("format"))) {
            throw new BundleException("manifest format is '" + fields.get("format") + "', this reader knows " + FORMAT);
        }
        String model = f.take("model");
        FirmwareVersion version = FirmwareVersion.parse(f.take("version"));
        long number = f.number("versionNumber");
        if (number != version.number()) {
            throw new BundleException("manifest versionNumber " + number + " does not match version "
                    + version.text() + " (" + version.number() + ")");
        }
        long min = f.number("minVersionNumber");
        String algorithm = f.take("signatureAlgorithm");
        if (!KeyFile.ALGORITHM.equals(algorithm)) {
            throw new BundleException("manifest signatureAlgorithm '" + algorithm + "' is not supported (supported: "
                    + KeyFile.ALGORITHM + ")");
        }
        String keyId = f.take("keyId");
        List<BundlePart> parts = new ArrayList<>();
        for (String name : f.take("parts").split(",", -1)) {
            String prefix = "part." + name + ".";
            String partition = f.take(prefix + "partition");
            long size = f.number(prefix + "size");
            String sha256 = f.take(prefix + "sha256");
            long chunkSize = f.number(prefix + "chunkSize");
            if (chunkSize > Integer.MAX_VALUE) {
                throw new BundleException("manifest '" + prefix + "chunkSize' is too large: " + chunkSize);
            }
            String chunks = size == 0 ? f.map().getOrDefault(prefix + "chunks", "") : f.take(prefix + "chunks");
            f.map().remove(prefix + "chunks");
            parts.add(new BundlePart(name, partition, size, sha256, (int) chunkSize,
                    chunks.isEmpty() ? List.of() : List.of(chunks.split(",", -1))));
        }
        if (!fields.isEmpty()) {
            throw new BundleException("manifest has unknown key(s) " + fields.keySet());
        }
        return new BundleManifest(model, version, min, keyId, parts);
    }

    /**
     * Checks that this bundle was built for {@code camera} and fits its partitions: each part
     * fits the partition it goes to, and the kernel also fits the app partition that holds its
     * backup during the update.
     *
     * @throws BundleException saying which part and by how many bytes
     */
    public void checkFits(CameraModel camera) {
        if (!model.equals(camera.id())) {
            throw new BundleException("bundle is for model " + model + ", not " + camera.id());
        }
        for (BundlePart p : parts) {
            Partition target = camera.layout().find(p.partition()).orElseThrow(() -> new BundleException(
                    "part " + p.name() + " targets partition '" + p.partition() + "' which model " + model
                            + " does not have"));
            if (!Set.of("kernel", "app").contains(p.partition())) {
                throw new BundleException("part " + p.name() + " targets partition '" + p.partition()
                        + "': an update writes only kernel and app");
            }
            if (p.size() > target.size()) {
                throw new BundleException("part " + p.name() + " is " + p.size() + " bytes, " + (p.size() - target.size())
                        + " bytes more than the " + target.size() + "-byte " + target.name() + " partition of " + model);
            }
            if (p.partition().equals("kernel")) {
                long app = camera.layout().partition("app").size();
                if (p.size() > app) {
                    throw new BundleException("part " + p.name() + " is " + p.size() + " bytes, " + (p.size() - app)
                            + " bytes more than the app partition that holds the backup kernel during an update");
                }
            }
        }
    }

    /**
     * Checks that a camera running {@code currentVersionNumber} may install this bundle: it must be
     * newer (no downgrade, no reinstall) and the camera at least {@link #minVersionNumber()}.
     */
    public void checkUpgradeFrom(long currentVersionNumber) {
        if (version.number() <= currentVersionNumber) {
            throw new BundleException("bundle version " + version.text() + " (" + version.number()
                    + ") is not newer than the running version (" + currentVersionNumber + "): downgrade refused");
        }
        if (currentVersionNumber < minVersionNumber) {
            throw new BundleException("bundle " + version.text() + " installs only over version number "
                    + minVersionNumber + " or later; the camera runs " + currentVersionNumber);
        }
    }

    /** Removes fields as they are read, so leftovers are unknown keys. */
    private record Fields(Map<String, String> map) {

        String take(String key) {
            String value = map.remove(key);
            if (value == null || value.isEmpty()) {
                throw new BundleException("manifest is missing '" + key + "'");
            }
            return value;
        }

        long number(String key) {
            String value = take(key);
            try {
                long n = Long.parseLong(value);
                if (n < 0) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new BundleException("manifest '" + key + "' is not a non-negative number: '" + value + "'");
            }
        }
    }
}
