package camcloud.firmware.env;

/**
 * An environment block that U-Boot would reject (bad CRC, erased, malformed pairs) or a set of
 * variables that cannot be written as one. Unchecked, because every caller of a decoder of
 * untrusted flash contents must handle it the same way: fall back to defaults and say why.
 */
public final class EnvFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EnvFormatException(String message) {
        super(message);
    }
}
