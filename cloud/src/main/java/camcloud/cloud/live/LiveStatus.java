package camcloud.cloud.live;

import camcloud.media.fmp4.VideoTrack;

/**
 * The JSON text messages of the live protocol (see {@link LiveStream}). Written by hand: the
 * values are numbers and a codec string whose only special characters are the quotes of the MIME
 * parameter, escaped here.
 */
final class LiveStatus {

    private LiveStatus() {
    }

    /** Precedes every init segment: the MIME type for {@code MediaSource.addSourceBuffer}. */
    static LiveMessage codec(VideoTrack track) {
        return LiveMessage.status("{\"type\":\"codec\",\"mime\":\"" + track.mimeType().replace("\"", "\\\"")
                + "\",\"width\":" + track.width() + ",\"height\":" + track.height() + "}");
    }

    /** The camera is not connected (on joining, or when its connection drops). */
    static LiveMessage offline() {
        return LiveMessage.status("{\"type\":\"offline\"}");
    }

    /** This viewer fell behind: {@code dropped} fragments were skipped; the next one is a keyframe. */
    static LiveMessage dropped(long dropped) {
        return LiveMessage.status("{\"type\":\"dropped\",\"fragments\":" + dropped + "}");
    }
}
