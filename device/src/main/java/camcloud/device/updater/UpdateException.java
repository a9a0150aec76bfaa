package camcloud.device.updater;

/**
 * An update did not happen. {@link #refused()} tells whether it was refused before the flash was
 * touched (bad offer or bundle, another model, a downgrade, a failed download) or failed while
 * writing (the camera then reboots and its recovery mode finishes the job).
 */
public final class UpdateException extends Exception {

    private final boolean refused;

    private UpdateException(String message, boolean refused, Throwable cause) {
        super(message, cause);
        this.refused = refused;
    }

    /** Refused before anything was written. */
    public static UpdateException refused(String message) {
        return new UpdateException(message, true, null);
    }

    public static UpdateException refused(String message, Throwable cause) {
        return new UpdateException(message, true, cause);
    }

    /** Failed during the writes. */
    public static UpdateException writeFailed(String message) {
        return new UpdateException(message, false, null);
    }

    public boolean refused() {
        return refused;
    }
}
