package camcloud.media.hls;

/**
 * A slice of a resource (RFC 8216 4.3.2.2): lets a playlist point at the init part and the
 * fragment part of one self-contained segment file without the server splitting it.
 */
public record ByteRange(long length, long offset) {

    public ByteRange {
        if (length <= 0 || offset < 0) {
            throw new IllegalArgumentException("byte range needs length > 0 and offset >= 0, was "
                    + length + "@" + offset);
        }
    }

    /** {@code length@offset}, the form of EXT-X-BYTERANGE and the MAP BYTERANGE attribute. */
    @Override
    public String toString() {
        return length + "@" + offset;
    }
}
