package camcloud.cloud.claim;

import camcloud.cloud.device.ClaimCode;
import camcloud.cloud.device.ClaimResult;
import camcloud.cloud.device.Device;
import camcloud.cloud.ownership.Ownerships;
import java.time.Duration;

/**
 * A person typing the code from a camera's label to make the camera theirs. Wrong codes count
 * against the user and against the client address, each in its own {@link GuessLimiter}: strictly
 * per account (5 per 15 minutes by default), generously per address (20), so a guesser with many
 * accounts at one address is as slow as one with one account, and people who share an address —
 * a household, an office behind one router — are not stopped by one person's mistakes. Once either
 * budget is spent, no code is even looked up until the wait is over. Malformed input is not a guess
 * and is not counted.
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
    private final GuessLimiter perUser;
    private final GuessLimiter perAddress;

    public Claiming(Ownerships ownerships, GuessLimiter perUser, GuessLimiter perAddress) {
        this.ownerships = ownerships;
        this.perUser = perUser;
        this.perAddress = perAddress;
    }

    /** @param clientAddress the key per-address limits count the caller under ({@code ClientAddress.limitKey}) */
    public Outcome claim(long userId, String clientAddress, String typedCode, String name) {
        if (ClaimCode.normalize(typedCode) == null) {
            return new Outcome.Malformed();
        }
        String user = Long.toString(userId);
        Duration wait = perUser.retryAfter(user);
        Duration addressWait = perAddress.retryAfter(clientAddress);
        if (addressWait.compareTo(wait) > 0) {
            wait = addressWait;
        }
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
        perUser.failed(user);
        perAddress.failed(clientAddress);
        return new Outcome.UnknownCode();
    }
}
