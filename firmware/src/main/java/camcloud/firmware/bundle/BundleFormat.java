package camcloud.firmware.bundle;

import java.nio.charset.StandardCharsets;

/**
 * The byte layout of a bundle file, designed so a camera can check it while it streams it from
 * the cloud, holding only the manifest in RAM:
 *
 * <pre>
 *   0       8  magic "CCFWBND1"
 *   8       4  manifest length M (big-endian, at most 128 KiB)
 *   12      M  manifest ({@link BundleManifest}, UTF-8 text)
 *   12+M    2  signature length S (big-endian, at most 512)
 *   14+M    S  Ed25519 signature of bytes [0, 12+M): magic, length and manifest
 *   14+M+S     the parts, back to back, in manifest order, sizes from the manifest
 *   end        exactly after the last part
 * </pre>
 *
 * The signature is checked before any part is read; each part's SHA-256 is checked as it ends.
 */
final class BundleFormat {

    static final byte[] MAGIC = "CCFWBND1".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_SIGNATURE = 512;

    private BundleFormat() {
    }
}
