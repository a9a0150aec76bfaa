package camcloud.cloud.api;

import camcloud.cloud.db.Database;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.ownership.RecordingEraser;
import camcloud.cloud.recording.IndexingProgress;
import camcloud.cloud.recording.SegmentIndex;
import camcloud.cloud.storage.ObjectStore;
import java.time.Clock;

/**
 * What the camera and video routes read and change: the node's live hub, the recording index, the
 * video store and the recorder's progress, who owned each camera when (the node's one
 * {@link Ownerships}, whose listeners cut recordings where a camera changes hands) and what erases an
 * owner's recordings.
 *
 * @param store     null on an API without recordings: segment and export requests answer 404
 * @param recording what the node's recorder holds not yet indexed (when an archive range is complete)
 */
public record VideoServices(LiveHub live, SegmentIndex segments, ObjectStore store, IndexingProgress recording,
                            Ownerships ownerships, RecordingEraser eraser) {

    /** No camera feeds the hub and nothing is recorded (an API started without video). */
    public static VideoServices none(Database db) {
        return new VideoServices(new LiveHub(), new SegmentIndex(db), null, IndexingProgress.NONE,
                new Ownerships(db, Clock.systemUTC()), RecordingEraser.NONE);
    }
}
