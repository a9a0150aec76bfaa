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
 * hands out each part as a stream that checks every 64 KiB chunk against its signed hash as it
 * completes, and the whole part's SHA-256 and length at its end; {@link #finish()} checks nothing follows the last part.
 * Memory: the manifest plus one read buffer.
 *
 * <pre>
 * try (BundleReader reader = BundleReader.open(download, trust)) {
 *     reader.manifest().checkFits(model);                 // before writing anything
 *     reader.manifest().checkUpgradeFrom(runningVersion);
 *     while (reader.hasNextPart()) {
 *         BundleReader.PartStream part = reader.nextPart();
 *         for (byte[] chunk = part.nextChunk(); chunk != null; chunk = part.nextChunk()) {
 *             flash.write(...);                             // each chunk already matched its signed hash
 *         }
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
     * One part: exactly {@code size} bytes, then end of stream. Every chunk is checked against its
     * signed hash the moment its last byte is read, and the whole part's SHA-256 at the end; a
     * mismatch throws {@link BundleException} from {@code read}, so a caller that copies the stream
     * to flash cannot miss it. {@link #nextChunk()} hands out whole chunks only after they passed,
     * for a caller that must never write an unverified byte. A stream that ends early throws too.
     */
    public final class PartStream extends InputStream {

        private final BundlePart part;
        private final MessageDigest whole;
        private final MessageDigest chunk;
        private long position;
        private boolean done;

        private PartStream(BundlePart part) {
            this.part = part;
            try {
                this.whole = MessageDigest.getInstance("SHA-256");
                this.chunk = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (part.size() == 0) {
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
            long chunkEnd = Math.min(part.size(), (position / part.chunkSize() + 1) * part.chunkSize());
            int n = in.read(b, off, (int) Math.min(len, chunkEnd - position));
            if (n < 0) {
                throw new BundleException("bundle truncated: part " + part.name() + " is missing its last "
                        + (part.size() - position) + " of " + part.size() + " bytes");
            }
            whole.update(b, off, n);
            chunk.update(b, off, n);
            position += n;
            if (position == chunkEnd) {
                int index = (int) ((position - 1) / part.chunkSize());
                String actual = HexFormat.of().formatHex(chunk.digest());
                if (!actual.equals(part.chunkHashes().get(index))) {
                    done = true;
                    throw new BundleException("part " + part.name() + " is corrupt: chunk " + index + " (bytes "
                            + ((long) index * part.chunkSize()) + ".." + (position - 1)
                            + ") does not match the signed manifest");
                }
            }
            if (position == part.size()) {
                complete();
            }
            return n;
        }

        /**
         * The next whole chunk, already checked against its signed hash, or {@code null} after the
         * last one. The updater writes what this returns, so nothing unverified reaches the flash.
         */
        public byte[] nextChunk() throws IOException {
            if (done) {
                return null;
            }
            int index = (int) (position / part.chunkSize());
            if (position % part.chunkSize() != 0) {
                throw new BundleException("part " + part.name() + ": nextChunk() in the middle of chunk " + index);
            }
            byte[] buf = new byte[part.chunkLength(index)];
            int filled = 0;
            while (filled < buf.length) {
                filled += read(buf, filled, buf.length - filled);
            }
            return buf;
        }

        private void complete() {
            done = true;
            String actual = HexFormat.of().formatHex(whole.digest());
            if (!actual.equals(part.sha256())) {
                throw new BundleException("part " + part.name() + " is corrupt: SHA-256 " + actual
                        + " does not match the signed manifest (" + part.sha256() + ")");
            }
        }

        /** Whether the part has been read to its end. */
        public boolean isDone() {
            return done;
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
