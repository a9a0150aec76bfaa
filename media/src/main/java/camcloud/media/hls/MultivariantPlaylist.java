package camcloud.media.hls;

import java.util.Locale;

/**
 * The multivariant (master) playlist pointing at one media playlist (RFC 8216 4.3.4.2): it gives
 * players the codec string and resolution before they fetch anything, which Safari requires and
 * hls.js uses to set up Media Source Extensions.
 *
 * <pre>{@code
 * String master = MultivariantPlaylist.write("range.m3u8", track.codecString(), 1280, 720, 2_000_000);
 * }</pre>
 */
public final class MultivariantPlaylist {

    private MultivariantPlaylist() {
    }

    /**
     * @param mediaPlaylistUri   the media playlist (from {@link PlaylistWriter})
     * @param codecs             e.g. {@code avc1.64001f}
     * @param bandwidth          peak bits per second of the segments
     */
    public static String write(String mediaPlaylistUri, String codecs, int width, int height, long bandwidth) {
        MediaSegment.checkUri(mediaPlaylistUri);
        if (codecs == null || !codecs.matches("[A-Za-z0-9.,]+")) {
            throw new IllegalArgumentException("codecs must be an RFC 6381 list like avc1.64001f, was " + codecs);
        }
        if (width <= 0 || height <= 0 || bandwidth <= 0) {
            throw new IllegalArgumentException("width, height and bandwidth must be positive, were "
                    + width + ", " + height + ", " + bandwidth);
        }
        return String.format(Locale.ROOT, "#EXTM3U%n#EXT-X-VERSION:7%n#EXT-X-INDEPENDENT-SEGMENTS%n"
                + "#EXT-X-STREAM-INF:BANDWIDTH=%d,CODECS=\"%s\",RESOLUTION=%dx%d%n%s%n",
                bandwidth, codecs, width, height, mediaPlaylistUri).replace("\r\n", "\n");
    }
}
