package camcloud.cloud.provisioning;

/**
 * A camera the cloud will not register: its serial (as given, shortened and made printable) and
 * the reason. Nothing of its batch was registered.
 */
public final class CameraRefusedException extends RuntimeException {

    private final String serial;
    private final String reason;

    public CameraRefusedException(String serial, String reason) {
        super("camera '" + CameraChecks.printable(serial) + "': " + reason);
        this.serial = serial;
        this.reason = reason;
    }

    /** The serial as the factory sent it (untrusted: print it through {@link CameraChecks#printable}). */
    public String serial() {
        return serial;
    }

    /** Why, without the serial. */
    public String reason() {
        return reason;
    }
}
