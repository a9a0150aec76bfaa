package camcloud.cloud.api;

import camcloud.cloud.claim.GuessLimiter.Budget;
import java.time.Duration;

/**
 * How much the HTTP API lets one party try before it slows them down, and how long a connection may
 * take to say what it wants. {@link #DEFAULTS} is right for a server; the README's "Strangers and
 * guessing limits" section explains each rule. Budgets refill evenly ({@link Budget}): after a burst,
 * one more attempt comes back every {@code per / guesses}, so nobody waits a whole window.
 *
 * @param signInPerAccountAndAddress wrong passwords for one username from one client address: the strict one
 * @param signInPerAddress           wrong passwords from one client address, whatever the username
 * @param signInPerAccount           wrong passwords for one username from everywhere; once spent, only
 *                                   addresses where that account signed in recently get through, so a
 *                                   spread-out guesser is slowed and the owner is not
 * @param claimPerUser               wrong claim codes by one account
 * @param claimPerAddress            wrong claim codes from one client address, whatever the account
 * @param signUpsPerAddress          accounts created (or names tried) from one client address
 * @param requestHeadTimeout         how long a connection may take to deliver a whole request line and
 *                                   headers (a slow-header "slowloris" client is cut after 1 to 2 times this)
 * @param idleTimeout                how long a connection may go without any byte read or written
 * @param minRequestBytesPerSecond   a request body arriving slower than this is refused (408)
 */
public record ApiLimits(
        Budget signInPerAccountAndAddress,
        Budget signInPerAddress,
        Budget signInPerAccount,
        Budget claimPerUser,
        Budget claimPerAddress,
        Budget signUpsPerAddress,
        Duration requestHeadTimeout,
        Duration idleTimeout,
        int minRequestBytesPerSecond) {

    private static final Duration QUARTER_HOUR = Duration.ofMinutes(15);

    public static final ApiLimits DEFAULTS = new ApiLimits(
            new Budget(10, QUARTER_HOUR),
            new Budget(100, QUARTER_HOUR),
            new Budget(30, QUARTER_HOUR),
            new Budget(5, QUARTER_HOUR),
            new Budget(20, QUARTER_HOUR),
            new Budget(5, Duration.ofHours(1)),
            Duration.ofSeconds(10),
            Duration.ofSeconds(30),
            1024);

    public ApiLimits {
        if (signInPerAccountAndAddress == null || signInPerAddress == null || signInPerAccount == null
                || claimPerUser == null || claimPerAddress == null || signUpsPerAddress == null) {
            throw new IllegalArgumentException("every budget is required");
        }
        if (requestHeadTimeout == null || requestHeadTimeout.toMillis() < 100) {
            throw new IllegalArgumentException("requestHeadTimeout must be at least 100 ms, was " + requestHeadTimeout);
        }
        if (idleTimeout == null || idleTimeout.compareTo(requestHeadTimeout) < 0) {
            throw new IllegalArgumentException("idleTimeout must be at least requestHeadTimeout (" + requestHeadTimeout
                    + "), was " + idleTimeout);
        }
        if (minRequestBytesPerSecond < 0) {
            throw new IllegalArgumentException("minRequestBytesPerSecond must not be negative, was "
                    + minRequestBytesPerSecond);
        }
    }

    /** {@code perHour} sign-ups per client address an hour. */
    public ApiLimits withSignUpsPerHour(int perHour) {
        return withSignUps(new Budget(perHour, Duration.ofHours(1)));
    }

    public ApiLimits withSignUps(Budget budget) {
        return new ApiLimits(signInPerAccountAndAddress, signInPerAddress, signInPerAccount, claimPerUser,
                claimPerAddress, budget, requestHeadTimeout, idleTimeout, minRequestBytesPerSecond);
    }

    public ApiLimits withSignIns(Budget perAccountAndAddress, Budget perAddress, Budget perAccount) {
        return new ApiLimits(perAccountAndAddress, perAddress, perAccount, claimPerUser, claimPerAddress,
                signUpsPerAddress, requestHeadTimeout, idleTimeout, minRequestBytesPerSecond);
    }

    public ApiLimits withClaims(Budget perUser, Budget perAddress) {
        return new ApiLimits(signInPerAccountAndAddress, signInPerAddress, signInPerAccount, perUser, perAddress,
                signUpsPerAddress, requestHeadTimeout, idleTimeout, minRequestBytesPerSecond);
    }

    public ApiLimits withTimeouts(Duration requestHead, Duration idle) {
        return new ApiLimits(signInPerAccountAndAddress, signInPerAddress, signInPerAccount, claimPerUser,
                claimPerAddress, signUpsPerAddress, requestHead, idle, minRequestBytesPerSecond);
    }
}
