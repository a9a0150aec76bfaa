package camcloud.cloud.recording;

import java.util.OptionalLong;

/**
 * How far a camera's recording is from being all in the {@link SegmentIndex}: the video a recorder
 * has received but not yet indexed (its open segment, the unit it is writing, the units queued).
 * The archive asks it before it calls a range complete. Read it before the index: video it no
 * longer reports is in the index by the time the index is read.
 */
public interface IndexingProgress {

    /** Nothing is ever pending (an API that records nothing). */
    IndexingProgress NONE = serial -> OptionalLong.empty();

    /**
     * The earliest cloud time (epoch microseconds) of video of the camera that this node's recorder
     * holds and has not indexed yet; empty when it holds none (the camera is not recording here,
     * or all it sent is indexed).
     */
    OptionalLong unindexedSince(String serial);
}
