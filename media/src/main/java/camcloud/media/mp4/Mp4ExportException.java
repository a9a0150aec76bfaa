package camcloud.media.mp4;

/**
 * An export cannot be written: a segment is damaged, the segments disagree about the codec, or the
 * second pass was not given the segments of the first.
 */
public final class Mp4ExportException extends Exception {

    public Mp4ExportException(String reason) {
        super(reason);
    }

    public Mp4ExportException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
