package camcloud.firmware.bundle;

import java.util.List;
import java.util.regex.Pattern;

/**
 * One part of a bundle as the manifest describes it. Besides the SHA-256 of the whole part, the
 * manifest carries the SHA-256 of every {@code chunkSize}-byte chunk (the last one may be short),
 * so a camera can check each erase block's worth of data before it writes it to flash.
 *
 * @param name        the part's name ({@code kernel}, {@code app})
 * @param partition   the flash partition it is written to
 * @param size        bytes of the part
 * @param sha256      SHA-256 of the part, 64 lowercase hex digits
 * @param chunkSize   bytes per chunk
 * @param chunkHashes SHA-256 of each chunk in order, {@code ceil(size / chunkSize)} of them
 */
public record BundlePart(String name, String partition, long size, String sha256, int chunkSize,
                         List<String> chunkHashes) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public BundlePart {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new BundleException("bad part name '" + name + "'");
        }
        if (partition == null || !NAME.matcher(partition).matches()) {
            throw new BundleException("part " + name + ": bad partition name '" + partition + "'");
        }
        if (size < 0) {
            throw new BundleException("part " + name + ": negative size " + size);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new BundleException("part " + name + ": sha256 must be 64 lowercase hex digits, got '" + sha256 + "'");
        }
        if (chunkSize < 4096 || Integer.bitCount(chunkSize) != 1) {
            throw new BundleException("part " + name + ": chunk size " + chunkSize + " must be a power of two >= 4096");
        }
        chunkHashes = List.copyOf(chunkHashes);
        long expected = (size + chunkSize - 1) / chunkSize;
        if (chunkHashes.size() != expected) {
            throw new BundleException("part " + name + ": " + chunkHashes.size() + " chunk hashes for " + size
                    + " bytes in " + chunkSize + "-byte chunks, expected " + expected);
        }
        for (String h : chunkHashes) {
            if (!SHA256.matcher(h).matches()) {
                throw new BundleException("part " + name + ": chunk hash '" + h + "' is not 64 lowercase hex digits");
            }
        }
    }

    /** Bytes of chunk {@code index}: {@code chunkSize}, or less for the last one. */
    public int chunkLength(int index) {
        return (int) Math.min(chunkSize, size - (long) index * chunkSize);
    }
}
