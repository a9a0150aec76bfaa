package camcloud.media.hls;

/**
 * Where a segment's fMP4 init segment is ({@code EXT-X-MAP}).
 *
 * @param uri   the init segment, or a segment file that starts with it
 * @param range the init's bytes inside {@code uri}, or null for the whole resource
 */
public record InitMap(String uri, ByteRange range) {

    public InitMap {
        MediaSegment.checkUri(uri);
    }

    public static InitMap of(String uri) {
        return new InitMap(uri, null);
    }
}
