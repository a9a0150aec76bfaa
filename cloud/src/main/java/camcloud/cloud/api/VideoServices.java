package camcloud.cloud.api;

import camcloud.cloud.db.Database;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.recording.IndexingProgress;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.VideoStore;

/**
 * What the live and archive routes read: the node's live hub, the recording index, the video
 * store and the recorder's progress.
 *
 * @param store     null on an API without recordings: segment and export requests answer 404
 * @param recording what the node's recorder holds not yet indexed (when an archive range is complete)
 */
public record VideoServices(LiveHub live, SegmentIndex segments, VideoStore store, IndexingProgress recording) {

    /** Video services whose recorder, if any, is not this node's to ask. */
    public VideoServices(LiveHub live, SegmentIndex segments, VideoStore store) {
        this(live, segments, store, IndexingProgress.NONE);
    }

    /** No camera feeds the hub and nothing is recorded (an API started without video). */
    public static VideoServices none(Database db) {
        return new VideoServices(new LiveHub(), new SegmentIndex(db), null);
    }
}
