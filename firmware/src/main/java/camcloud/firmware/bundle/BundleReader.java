package camcloud.firmware.bundle;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Reads a bundle as a stream, the way a camera downloads it: {@link #open} reads the manifest and
 * checks its signature against the trust store before anything else; then {@link #nextPart()}
 * hands out each part as a stream that hashes what passes through and fails at its end if the
 * SHA-256 or the length is wrong; {@link #finish()} checks nothing follows the last part.
 * Memory: the manifest plus one read buffer.
 *
 * <pre>
 * try (BundleReader reader = BundleReader.open(download, trust)) {
 *     reader.manifest().checkFits(model);                 // before writing anything
 *     reader.manifest().checkUpgradeFrom(runningVersion);
 *     while (reader.hasNextPart()) {
 *         BundleReader.PartStream part = reader.nextPart(); // write to flash while reading
 *         ...                                               // read() throws BundleException at the end if bad
 *     }
 *     reader.finish();
 * }
 * </pre>
 *
 * Not thread-safe. The reader owns {@code in} and closes it.
 */
public final class BundleReader implements AutoCloseable {

    private final InputStream in;
    private final BundleManifest manifest;
    private int nextPart;
    private PartStream current;

    private BundleReader(InputStream in, BundleManifest manifest) {
        this.in = in;
        this.manifest = manifest;
    }

    /**
     * Reads the head of the bundle and checks its signature.
     *
     * @throws BundleException if it is not a bundle, is truncated, names an unknown key, or the signature fails
     * @throws IOException     if {@code in} fails
     */
    public static BundleReader open(InputStream in, TrustStore trust) throws IOException {
        try {
            byte[] magic = readFully(in, BundleFormat.MAGIC.length, "bundle magic");
            if (!Arrays.equals(magic, BundleFormat.MAGIC)) {
                throw new BundleException("not a camcloud bundle (bad magic)");
            }
            int manifestLength = readInt(in, "manifest length");
            if (manifestLength <= 0 || manifestLength > BundleManifest.MAX_SIZE) {
                throw new BundleException("manifest length " + Integer.toUnsignedString(manifestLength)
                        + " is outside 1.." + BundleManifest.MAX_SIZE);
            }
            byte[] manifestBytes = readFully(in, manifestLength, "manifest");
            int signatureLength = readShort(in, "signature length");
            if (signatureLength <= 0 || signatureLength > BundleFormat.MAX_SIGNATURE) {
                throw new BundleException("signature length " + signatureLength + " is outside 1.."
                        + BundleFormat.MAX_SIGNATURE);
            }
            byte[] signature = readFully(in, signatureLength, "signature");

            // The key id is inside the signed text: read just that field before trusting anything else.
            String keyId = keyIdOf(manifestBytes);
            TrustedKey key = trust.find(keyId).orElseThrow(() -> new BundleException(
                    "bundle is signed by unknown key " + keyId + " (trusted: " + String.join(", ", trust.keyIds()) + ")"));
            ByteArrayOutputStream signed = new ByteArrayOutputStream();
            DataOutputStream head = new DataOutputStream(signed);
            head.write(BundleFormat.MAGIC);
            head.writeInt(manifestLength);
            head.write(manifestBytes);
            if (!key.verifies(signed.toByteArray(), signature)) {
                throw new BundleException("bad signature: the manifest was not signed by key " + keyId
                        + " or was altered after signing");
            }
            return new BundleReader(in, BundleManifest.parse(manifestBytes));
        } catch (BundleException | IOException e) {
            in.close();
            throw e;
        } catch (RuntimeException e) {
            in.close();
            throw new BundleException("unreadable bundle: " + e.getMessage(), e);
        }
    }

    private static String keyIdOf(byte[] manifestBytes) {
        String text = new String(manifestBytes, java.nio.charset.StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            if (line.startsWith("keyId=")) {
                return line.substring("keyId=".length());
            }
        }
        throw new BundleException("manifest names no keyId");
    }

    /** The signed manifest. */
    public BundleManifest manifest() {
        return manifest;
    }

    public boolean hasNextPart() {
        return nextPart < manifest.parts().size();
    }

    /**
     * The next part as a stream. The previous part must have been read to its end.
     *
     * @throws BundleException if there is no next part or the previous one was not fully read
     */
    public PartStream nextPart() {
        if (current != null && !current.done) {
            throw new BundleException("part " + current.part.name() + " was not read to its end");
        }
        if (!hasNextPart()) {
            throw new BundleException("no more parts");
        }
        current = new PartStream(manifest.parts().get(nextPart++));
        return current;
    }

    /**
     * Checks that every part was read and verified and nothing follows the last one.
     *
     * @throws BundleException on unread parts or trailing bytes
     */
    public void finish() throws IOException {
        if (current != null && !current.done || hasNextPart()) {
            throw new BundleException("bundle not fully read: " + (manifest.parts().size() - nextPart
                    + (current != null && !current.done ? 1 : 0)) + " part(s) left");
        }
        long trailing = 0;
        byte[] buf = new byte[8192];
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
            trailing += n;
        }
        if (trailing > 0) {
            throw new BundleException(trailing + " unexpected bytes after the last part");
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /**
     * One part: exactly {@code size} bytes, then end of stream. When the last byte has been read,
     * the SHA-256 is compared and a mismatch throws {@link BundleException} from {@code read}, so
     * a caller that copies the stream to flash cannot miss it. A stream that ends early throws too.
     */
    public final class PartStream extends InputStream {

        private final BundlePart part;
        private final MessageDigest digest;
        private long remaining;
        private boolean done;

        private PartStream(BundlePart part) {
            this.part = part;
            this.remaining = part.size();
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (remaining == 0) {
                complete();
            }
        }

        public BundlePart part() {
            return part;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (len == 0) {
                return 0;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new BundleException("bundle truncated: part " + part.name() + " is missing its last "
                        + remaining + " of " + part.size() + " bytes");
            }
            digest.update(b, off, n);
            remaining -= n;
            if (remaining == 0) {
                complete();
            }
            return n;
        }

        private void complete() {
            done = true;
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equals(part.sha256())) {
                throw new BundleException("part " + part.name() + " is corrupt: SHA-256 " + actual
                        + " does not match the signed manifest (" + part.sha256() + ")");
            }
        }

        /** Reads the rest of the part, discarding it (verification only). */
        public void drain() throws IOException {
            byte[] buf = new byte[64 * 1024];
            while (read(buf, 0, buf.length) >= 0) {
                // hashing happens in read
            }
        }

        @Override
        public void close() {
            // the bundle stream stays open for the next part
        }
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] b = in.readNBytes(n);
        if (b.length < n) {
            throw new BundleException("bundle truncated in the " + what + ": " + b.length + " of " + n + " bytes");
        }
        return b;
    }

    private static int readInt(InputStream in, String what) throws IOException {
        byte[] b = readFully(in, 4, what);
        return (b[0] & 0xFF) << 24 | (b[1] & 0xFF) << 16 | (b[2] & 0xFF) << 8 | b[3] & 0xFF;
    }

    private static int readShort(InputStream in, String what) throws IOException {
        byte[] b = readFully(in, 2, what);
        return (b[0] & 0xFF) << 8 | b[1] & 0xFF;
    }
}
