package camcloud.device.video;

/**
 * A source that renders its pictures itself and can hand each one, before it is encoded, to the
 * camera's analytics ({@link RawPictureListener}). Sources that replay encoded video (a file, the
 * fleet's shared loop) have no raw pictures and do not implement it.
 */
public interface RawPictureSource {

    /**
     * Adds a listener called with every picture from now on, on the thread that calls
     * {@link VideoSource#next()}; returns what removes it again. Thread-safe.
     */
    Runnable addRawPictureListener(RawPictureListener listener);
}
