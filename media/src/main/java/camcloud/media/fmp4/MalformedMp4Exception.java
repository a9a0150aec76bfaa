package camcloud.media.fmp4;

/**
 * The bytes are not the fragmented MP4 they should be: a box overruns its parent, a sample points
 * outside the file, the init segment is missing. Checked, because segment files come back from
 * storage that may have been cut short or damaged.
 */
public final class MalformedMp4Exception extends Exception {

    public MalformedMp4Exception(String reason) {
        super(reason);
    }

    public MalformedMp4Exception(String reason, Throwable cause) {
        super(reason, cause);
    }
}
