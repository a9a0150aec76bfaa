package camcloud.device.agent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: the n-th retry waits a random time in
 * {@code [base, min(cap, base * 2^n)]}. The jitter spreads 70,000 cameras that lost the cloud at
 * the same moment over the whole window instead of sending them back all at once.
 */
public final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final RandomGenerator random;
    private int attempt;

    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.toMillis() < 1 || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 1 ms <= base <= cap, got base " + base + ", cap " + cap);
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.random = random;
    }

    /** The wait before the next attempt; each call widens the window up to the cap. */
    public Duration next() {
        long ceiling = baseMillis << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > capMillis) {
            ceiling = capMillis;
        }
        attempt++;
        return Duration.ofMillis(baseMillis + (long) (random.nextDouble() * (ceiling - baseMillis)));
    }

    /** After a successful session: the next failure starts from the base again. */
    public void reset() {
        attempt = 0;
    }
}
