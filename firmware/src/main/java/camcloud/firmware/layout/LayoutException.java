package camcloud.firmware.layout;

/**
 * An {@code mtdparts} string that cannot describe this chip. The message names the partition at
 * fault and, for alignment and size problems, the number of bytes by which it is off, because the
 * person reading it is editing a model file and needs to know which number to change.
 */
public final class LayoutException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LayoutException(String message) {
        super(message);
    }
}
