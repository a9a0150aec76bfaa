package camcloud.firmware.bundle;

/**
 * A bundle, manifest or key that must not be trusted, with the exact reason: which part, which
 * key id, how many bytes. The updater shows it to the cloud; the CLI prints it as one line.
 */
public final class BundleException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
