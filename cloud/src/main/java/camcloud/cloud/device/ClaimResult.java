package camcloud.cloud.device;

/** What happened to a claim attempt. */
public sealed interface ClaimResult {

    /** The camera is now the caller's. */
    record Claimed(Device device) implements ClaimResult {
    }

    /** No camera has this code (or it is not a code at all). Counts towards the rate limit. */
    record UnknownCode() implements ClaimResult {
    }

    /** The code is right but somebody owns the camera (possibly the caller). */
    record AlreadyClaimed(boolean byCaller) implements ClaimResult {
    }
}
