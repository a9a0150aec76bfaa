package camcloud.media.hls;

/**
 * What a player may expect of a media playlist's future (RFC 8216 4.3.3.5, 4.3.3.4, 6.2.1), which
 * decides {@code EXT-X-PLAYLIST-TYPE} and {@code EXT-X-ENDLIST}. A server may only append to a
 * playlist a player is reloading, end it with {@code EXT-X-ENDLIST}, or (a sliding window) drop
 * segments from its front — never change its type. So a playlist served as {@link #EVENT} ends as
 * {@link #ENDED_EVENT}, not as {@link #VOD}.
 */
public enum PlaylistType {

    /** A sliding live window: no type, no end; segments may leave from the front. */
    LIVE(null, false),
    /** Growing: {@code PLAYLIST-TYPE:EVENT} without an end; segments are only appended, players reload it. */
    EVENT("EVENT", false),
    /** An event that is over: {@code PLAYLIST-TYPE:EVENT} and {@code EXT-X-ENDLIST}; it never changes again. */
    ENDED_EVENT("EVENT", true),
    /** Complete from the start: {@code PLAYLIST-TYPE:VOD} and {@code EXT-X-ENDLIST}; it never changes. */
    VOD("VOD", true);

    private final String tag;
    private final boolean ended;

    PlaylistType(String tag, boolean ended) {
        this.tag = tag;
        this.ended = ended;
    }

    /** The {@code EXT-X-PLAYLIST-TYPE} value, or null for none. */
    public String tag() {
        return tag;
    }

    /** The playlist is complete: it carries {@code EXT-X-ENDLIST} and players stop reloading it. */
    public boolean ended() {
        return ended;
    }
}
