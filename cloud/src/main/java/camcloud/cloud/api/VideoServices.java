package camcloud.cloud.api;

import camcloud.cloud.db.Database;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.ownership.RecordingEraser;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.VideoStore;
import java.time.Clock;

/**
 * What the camera and video routes read and change: the node's live hub, the recording index and
 * the video store, who owned each camera when (the node's one {@link Ownerships}, whose listeners
 * cut recordings where a camera changes hands) and what erases an owner's recordings.
 *
 * @param store null on an API without recordings: segment and export requests answer 404
 */
public record VideoServices(LiveHub live, SegmentIndex segments, VideoStore store, Ownerships ownerships,
                            RecordingEraser eraser) {

    /** No camera feeds the hub and nothing is recorded (an API started without video). */
    public static VideoServices none(Database db) {
        return new VideoServices(new LiveHub(), new SegmentIndex(db), null, new Ownerships(db, Clock.systemUTC()),
                RecordingEraser.NONE);
    }
}
