package camcloud.cloud.api;

import camcloud.cloud.db.Database;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.VideoStore;

/**
 * What the live and archive routes read: the node's live hub, the recording index and the video
 * store.
 *
 * @param store null on an API without recordings: segment and export requests answer 404
 */
public record VideoServices(LiveHub live, SegmentIndex segments, VideoStore store) {

    /** No camera feeds the hub and nothing is recorded (an API started without video). */
    public static VideoServices none(Database db) {
        return new VideoServices(new LiveHub(), new SegmentIndex(db), null);
    }
}
