package camcloud.cloud.ownership;

import java.io.IOException;

/** Deletes the video a camera recorded within a window: index rows first, then the files. */
public interface RecordingEraser {

    /** Erases the segments recorded in {@code window} (and those that straddle its edges) and its gaps. */
    int erase(String serial, VideoWindow window) throws IOException;

    /** For a node that records nothing. */
    RecordingEraser NONE = (serial, window) -> 0;
}
