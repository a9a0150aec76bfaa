package camcloud.device.flash;

/**
 * The power went off during a flash operation (see {@link PowerCut}). Everything running on the
 * camera stops here; the flash file keeps whatever the torn operation left. Unchecked on purpose:
 * a power cut is not something the camera's code can handle, only survive at the next power-on.
 */
public final class PowerCutException extends RuntimeException {

    public PowerCutException(String message) {
        super(message);
    }
}
