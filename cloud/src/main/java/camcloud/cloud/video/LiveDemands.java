package camcloud.cloud.video;

import java.util.function.Consumer;

/**
 * Whether anybody watches a camera live. A camera that records events only sends video between
 * events only while somebody does, so its connection follows this and tells the camera
 * ({@code LiveDemand}). The live hub implements it.
 */
@FunctionalInterface
public interface LiveDemands {

    /** Stops following. */
    interface Following {
        void stop();
    }

    /**
     * Tells {@code listener} whenever the camera's viewers go from none to some ({@code true}) and
     * back ({@code false}), and at once {@code true} if somebody watches now. Called under the live
     * stream's lock: the listener must not block (hand the message to the connection's event loop).
     */
    Following follow(String serial, Consumer<Boolean> listener);

    /** Nobody ever watches (a node without live video). */
    LiveDemands NONE = (serial, listener) -> () -> { };
}
