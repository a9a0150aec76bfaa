package camcloud.firmware.uimage;

/** Bytes that are not a legacy uImage U-Boot would boot, or fields that cannot be written into one. */
public final class UImageFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public UImageFormatException(String message) {
        super(message);
    }
}
