package camcloud.media.h264;

/**
 * The bytes are not the H.264 they claim to be: truncated, garbage, or referring to parameter sets
 * that were never seen. Checked on purpose: H.264 arrives from cameras, so every caller has to
 * decide what a bad stream costs it (drop the frame, close the connection) instead of letting an
 * index error escape into an event loop.
 */
public final class MalformedH264Exception extends Exception {

    public MalformedH264Exception(String reason) {
        super(reason);
    }
}
