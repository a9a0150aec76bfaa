package camcloud.cloud.control;

/**
 * A command the cloud does not send: the camera is not connected to this node, or it did not announce
 * the capability the command needs. Thrown before anything is sent.
 */
public final class CommandRefused extends RuntimeException {

    public enum Why {
        /** Not connected to this node: the command fails at once instead of waiting. */
        OFFLINE,
        /** The camera's Hello did not announce the capability (no PTZ head, an older firmware…). */
        NOT_CAPABLE
    }

    private final Why why;

    public CommandRefused(Why why, String message) {
        super(message, null, false, false);
        this.why = why;
    }

    public Why why() {
        return why;
    }
}
