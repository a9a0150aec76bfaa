package camcloud.cloud.control;

/**
 * A setting the cloud refuses before anything is sent to the camera: unknown key, wrong type, out of
 * range, a zone list that does not parse. The message names the key and the bad value, and says what
 * is allowed.
 */
public final class InvalidSetting extends RuntimeException {

    public InvalidSetting(String message) {
        super(message, null, false, false);
    }
}
