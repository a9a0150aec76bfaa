package camcloud.cloud.rollout;

/**
 * A rollout request refused before anything changed (no camera was told anything): the message
 * says why, for the operator; {@link #kind} is how the API answers.
 */
public final class RolloutException extends RuntimeException {

    public enum Kind { BAD_REQUEST, NOT_FOUND, CONFLICT }

    private final Kind kind;

    RolloutException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    static RolloutException badRequest(String message) {
        return new RolloutException(Kind.BAD_REQUEST, message);
    }

    static RolloutException notFound(String message) {
        return new RolloutException(Kind.NOT_FOUND, message);
    }

    static RolloutException conflict(String message) {
        return new RolloutException(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
