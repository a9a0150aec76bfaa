package camcloud.firmware.bundle;

import java.util.regex.Pattern;

/**
 * One part of a bundle as the manifest describes it.
 *
 * @param name      the part's name ({@code kernel}, {@code app})
 * @param partition the flash partition it is written to
 * @param size      bytes of the part
 * @param sha256    SHA-256 of the part, 64 lowercase hex digits
 */
public record BundlePart(String name, String partition, long size, String sha256) {

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
    }
}
