package camcloud.protocol;

/**
 * Hard size limits of the framing. A frame over the limit is refused before a single byte of it is
 * buffered, so a peer cannot make the receiver allocate more than {@code maxFrameBytes}.
 *
 * @param maxFrameBytes largest frame (header and payload) accepted, in bytes
 */
public record FrameLimits(int maxFrameBytes) {

    /** Length prefix (4) + header length (2). */
    public static final int PREFIX_BYTES = 6;
    /** The header length is a 16-bit field. */
    public static final int MAX_HEADER_BYTES = 0xFFFF;
    /** Large enough for a high-bitrate 4K keyframe, small enough that 10,000 sessions cannot exhaust memory at once. */
    public static final FrameLimits DEFAULT = new FrameLimits(4 * 1024 * 1024);
    /**
     * For a peer that has not authenticated yet: its messages (Hello, the provisioning exchange) are
     * a few hundred bytes, so 16 KiB (one TLS record) leaves ample room for new fields while a
     * stranger cannot make the receiver buffer more than that.
     */
    public static final FrameLimits UNAUTHENTICATED = new FrameLimits(16 * 1024);

    public FrameLimits {
        if (maxFrameBytes < 64 || maxFrameBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException(
                    "maxFrameBytes must be between 64 and 67108864, was " + maxFrameBytes);
        }
    }
}
