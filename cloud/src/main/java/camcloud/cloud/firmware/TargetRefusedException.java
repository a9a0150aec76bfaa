package camcloud.cloud.firmware;

/**
 * A target version refused before any camera was told of it: not published for the camera's model,
 * or a bundle the camera itself would refuse. The message says why, for the operator.
 */
public final class TargetRefusedException extends RuntimeException {

    public TargetRefusedException(String reason) {
        super(reason);
    }
}
