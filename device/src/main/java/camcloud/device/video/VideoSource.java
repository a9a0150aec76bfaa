package camcloud.device.video;

import java.io.IOException;

/**
 * Where the video application gets its pictures: a synthetic scene or a file of real footage.
 * Every source has the same shape so the video application does not care which it runs.
 * {@link #next()} returns frames in capture order with fresh capture timestamps and blocks until the
 * frame is due (a source paces itself at its frame rate), so a camera's output looks live.
 */
public interface VideoSource extends AutoCloseable {

    /** The format of every frame this source returns; known before the first frame. */
    VideoFormat format();

    /** The next access unit, blocking until it is due. */
    VideoFrame next() throws IOException, InterruptedException;

    @Override
    void close();
}
