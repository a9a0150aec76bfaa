package camcloud.cloud.claim;

import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.ClaimResult;
import camcloud.cloud.device.Device;
import camcloud.cloud.ownership.Ownerships;
import java.time.Duration;

/**
 * A person typing the code from a camera's label to make the camera theirs. Wrong codes count
 * against both the user and the client address in a {@link GuessLimiter}; once either is over the
 * limit, no code is even looked up until the wait is over, so guessing codes from many accounts or
 * from many addresses is slow either way. Malformed input is not a guess and is not counted.
 */
public final class Claiming {

    /** What a claim attempt came to. */
    public sealed interface Outcome {
        record Claimed(Device device) implements Outcome {
        }

        /** Not the shape of a claim code at all (wrong length, characters outside the label's alphabet). */
        record Malformed() implements Outcome {
        }

        record UnknownCode() implements Outcome {
        }

        record AlreadyClaimed(boolean byCaller) implements Outcome {
        }

        record Limited(Duration retryAfter) implements Outcome {
        }
    }

    private final Ownerships ownerships;
    private final GuessLimiter limiter;

    public Claiming(Ownerships ownerships, GuessLimiter limiter) {
        this.ownerships = ownerships;
        this.limiter = limiter;
    }

    public Outcome claim(long userId, String clientAddress, String typedCode, String name) {
        if (ClaimCode.normalize(typedCode) == null) {
            return new Outcome.Malformed();
        }
        String[] keys = {"user:" + userId, "ip:" + clientAddress};
        Duration wait = limiter.retryAfter(keys);
        if (!wait.isZero()) {
            return new Outcome.Limited(wait);
        }
        ClaimResult result = ownerships.claim(userId, typedCode, name);
        if (result instanceof ClaimResult.Claimed c) {
            return new Outcome.Claimed(c.device());
        }
        if (result instanceof ClaimResult.AlreadyClaimed a) {
            return new Outcome.AlreadyClaimed(a.byCaller());
        }
        limiter.failed(keys);
        return new Outcome.UnknownCode();
    }
}
