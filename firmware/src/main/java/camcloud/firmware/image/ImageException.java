package camcloud.firmware.image;

/** An input that cannot go into a model's flash: too big for its partition, or the wrong kind of image. */
public final class ImageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ImageException(String message) {
        super(message);
    }
}
