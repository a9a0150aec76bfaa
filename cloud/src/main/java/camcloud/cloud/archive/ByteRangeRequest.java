package camcloud.cloud.archive;

import java.util.Optional;

/**
 * One byte range of an HTTP {@code Range} header (RFC 9110 14.1.2) against a resource of known
 * size: what hls.js and ffmpeg send for {@code EXT-X-BYTERANGE} and {@code EXT-X-MAP BYTERANGE}.
 * A missing, malformed, non-bytes or multi-range header means "the whole resource" (the RFC lets a
 * server ignore Range); a range that starts past the end is unsatisfiable (416).
 *
 * @param offset first byte
 * @param length bytes from {@code offset}, at least 1
 */
public record ByteRangeRequest(long offset, long length) {

    /** The resource has no bytes the range names. */
    public static final class Unsatisfiable extends Exception {
        public Unsatisfiable(String message) {
            super(message, null, false, false);
        }
    }

    /** The range to serve, or empty for the whole resource. */
    public static Optional<ByteRangeRequest> of(String header, long size) throws Unsatisfiable {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0 || header.length() > 100) {
            return Optional.empty();
        }
        String spec = header.substring("bytes=".length()).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        String first = spec.substring(0, dash).trim();
        String last = spec.substring(dash + 1).trim();
        try {
            if (first.isEmpty()) { // suffix: the last N bytes
                long n = Long.parseLong(last);
                if (n <= 0 || size == 0) {
                    throw new Unsatisfiable("empty suffix range");
                }
                long len = Math.min(n, size);
                return Optional.of(new ByteRangeRequest(size - len, len));
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? size - 1 : Math.min(Long.parseLong(last), size - 1);
            if (start < 0 || (!last.isEmpty() && Long.parseLong(last) < start)) {
                return Optional.empty(); // invalid: ignored
            }
            if (start >= size) {
                throw new Unsatisfiable("range starts at " + start + ", the resource has " + size + " bytes");
            }
            return Optional.of(new ByteRangeRequest(start, end - start + 1));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The {@code Content-Range} value. */
    public String contentRange(long size) {
        return "bytes " + offset + "-" + (offset + length - 1) + "/" + size;
    }
}
