package camcloud.cloud.claim;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed guesses of a secret (a claim code, a password) — or any other costly attempt, such
 * as creating an account — per key (a user, a client address, a username and address pair) and
 * slows the guesser down: each key has a {@link Budget} of {@code guesses} that refills evenly over
 * {@code per}. A burst of up to {@code guesses} failures goes through; after that one more guess is
 * allowed each {@code per / guesses}. With 10 per 15 minutes a guesser gets one try every 90 s —
 * orders of magnitude slower than the hashes per second the server could otherwise check — while
 * nobody is ever locked out for the whole window: the wait is at most one refill step.
 *
 * <p>In memory, per node: it is a brake on guessing, not an audit log. (This is the "generic cell
 * rate algorithm": a key is one number, the time at which its budget is whole again.)
 *
 * <p>Bounded: at most {@code maxKeys} keys are tracked. Keys whose budget is whole again are dropped
 * as they are met, and when the table is full the least recently failed key is evicted — an attacker
 * with many addresses can push out old entries, but never grow the heap.
 *
 * <p>Thread-safe; every method is short and holds one lock.
 */
public final class GuessLimiter {

    /**
     * {@code guesses} at once, refilling evenly over {@code per}: the long-run rate is
     * {@code guesses} per {@code per}.
     */
    public record Budget(int guesses, Duration per) {
        public Budget {
            if (guesses < 1) {
                throw new IllegalArgumentException("guesses must be at least 1, was " + guesses);
            }
            if (per == null || per.isNegative() || per.isZero()) {
                throw new IllegalArgumentException("per must be positive, was " + per);
            }
        }

        /** The time one guess takes to come back. */
        public Duration step() {
            return per.dividedBy(guesses);
        }

        @Override
        public String toString() {
            return guesses + " per " + per;
        }
    }

    private final Budget budget;
    /** {@code per / guesses}: what one failure costs. */
    private final long stepMillis;
    /** {@code per}: the most a key can owe before it must wait. */
    private final long capacityMillis;
    private final int maxKeys;
    private final Clock clock;
    /**
     * Key → the time its budget is whole again. Insertion order, re-inserted on each failure: the
     * eldest entry is the key that failed least recently.
     */
    private final LinkedHashMap<String, long[]> owed;

    public GuessLimiter(Budget budget, int maxKeys, Clock clock) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        this.budget = budget;
        this.stepMillis = Math.max(1, budget.step().toMillis());
        this.capacityMillis = stepMillis * budget.guesses();
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.owed = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > GuessLimiter.this.maxKeys;
            }
        };
    }

    /** {@code maxFailures} guesses refilling over {@code window}. */
    public GuessLimiter(int maxFailures, Duration window, int maxKeys, Clock clock) {
        this(budget("maxFailures", maxFailures, "window", window), maxKeys, clock);
    }

    public Budget budget() {
        return budget;
    }

    /**
     * How long the caller must wait before guessing again with any of {@code keys}, or
     * {@link Duration#ZERO} when a guess is allowed now.
     */
    public synchronized Duration retryAfter(String... keys) {
        long now = clock.millis();
        long wait = 0;
        for (String key : keys) {
            long[] wholeAt = owed.get(key);
            if (wholeAt == null) {
                continue;
            }
            if (wholeAt[0] <= now) {
                owed.remove(key);
                continue;
            }
            // one more failure must still fit in the budget
            wait = Math.max(wait, wholeAt[0] + stepMillis - capacityMillis - now);
        }
        return Duration.ofMillis(Math.max(0, wait));
    }

    /** Records one failed guess against each of {@code keys}. */
    public synchronized void failed(String... keys) {
        long now = clock.millis();
        for (String key : keys) {
            long[] wholeAt = owed.remove(key);
            if (wholeAt == null) {
                wholeAt = new long[] {now};
            }
            // A guess made while waiting is refused before it gets here, so the debt stays bounded;
            // the cap keeps it so even if a caller records without asking first.
            wholeAt[0] = Math.min(Math.max(wholeAt[0], now) + stepMillis, now + capacityMillis);
            owed.put(key, wholeAt);
        }
        sweep(now, 4);
    }

    /** Forgets the failures of {@code keys}, e.g. after a correct password. */
    public synchronized void succeeded(String... keys) {
        for (String key : keys) {
            owed.remove(key);
        }
    }

    /** Keys tracked now; for tests and metrics. */
    public synchronized int size() {
        return owed.size();
    }

    /** Drops up to {@code budget} of the eldest keys whose budget is whole again. */
    private void sweep(long now, int budget) {
        Iterator<long[]> it = owed.values().iterator();
        while (budget-- > 0 && it.hasNext()) {
            if (it.next()[0] > now) {
                return; // later entries failed more recently still
            }
            it.remove();
        }
    }

    private static Budget budget(String guessesName, int guesses, String perName, Duration per) {
        if (guesses < 1) {
            throw new IllegalArgumentException(guessesName + " must be at least 1, was " + guesses);
        }
        if (per == null || per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException(perName + " must be positive, was " + per);
        }
        return new Budget(guesses, per);
    }
}
