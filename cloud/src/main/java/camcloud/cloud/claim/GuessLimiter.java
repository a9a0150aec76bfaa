package camcloud.cloud.claim;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts failed guesses of a secret (a claim code, a password) per key — a user, a client address —
 * and refuses more guesses once a key has {@code maxFailures} failures inside a sliding
 * {@code window}. In memory, per node: it slows a guesser down by orders of magnitude, which is what
 * a 75-bit claim code needs; it is not an audit log.
 *
 * <p>Bounded: at most {@code maxKeys} keys are tracked. Keys whose failures have all aged out are
 * dropped as they are met, and when the table is full the least recently failed key is evicted —
 * an attacker with many addresses can push out old entries, but never grow the heap.
 *
 * <p>Thread-safe; every method is short and holds one lock.
 */
public final class GuessLimiter {

    private final int maxFailures;
    private final long windowMillis;
    private final int maxKeys;
    private final Clock clock;
    /** Insertion order, re-inserted on each failure: the eldest entry is the key that failed least recently. */
    private final LinkedHashMap<String, long[]> failures;

    public GuessLimiter(int maxFailures, Duration window, int maxKeys, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
        }
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.maxKeys = maxKeys;
        this.clock = clock;
        this.failures = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > GuessLimiter.this.maxKeys;
            }
        };
    }

    /**
     * How long the caller must wait before guessing again with any of {@code keys}, or
     * {@link Duration#ZERO} when a guess is allowed now.
     */
    public synchronized Duration retryAfter(String... keys) {
        long now = clock.millis();
        long wait = 0;
        for (String key : keys) {
            long[] times = failures.get(key);
            if (times == null) {
                continue;
            }
            int live = 0;
            long oldest = Long.MAX_VALUE;
            for (long t : times) {
                if (t > now - windowMillis) {
                    live++;
                    oldest = Math.min(oldest, t);
                }
            }
            if (live == 0) {
                failures.remove(key);
            } else if (live >= maxFailures) {
                wait = Math.max(wait, oldest + windowMillis - now);
            }
        }
        return Duration.ofMillis(wait);
    }

    /** Records one failed guess against each of {@code keys}. */
    public synchronized void failed(String... keys) {
        long now = clock.millis();
        for (String key : keys) {
            long[] times = failures.remove(key);
            if (times == null) {
                times = new long[maxFailures];
                Arrays.fill(times, Long.MIN_VALUE);
            }
            failures.put(key, times);
            // Overwrite the oldest slot: the array holds the latest maxFailures failures.
            int oldest = 0;
            for (int i = 1; i < times.length; i++) {
                if (times[i] < times[oldest]) {
                    oldest = i;
                }
            }
            times[oldest] = now;
        }
        sweep(now, 4);
    }

    /** Forgets the failures of {@code keys}, e.g. after a correct password. */
    public synchronized void succeeded(String... keys) {
        for (String key : keys) {
            failures.remove(key);
        }
    }

    /** Keys tracked now; for tests and metrics. */
    public synchronized int size() {
        return failures.size();
    }

    /** Drops up to {@code budget} of the eldest keys whose failures have all aged out. */
    private void sweep(long now, int budget) {
        Iterator<long[]> it = failures.values().iterator();
        while (budget-- > 0 && it.hasNext()) {
            long[] times = it.next();
            long newest = Long.MIN_VALUE;
            for (long t : times) {
                newest = Math.max(newest, t);
            }
            if (newest > now - windowMillis) {
                return; // later entries failed more recently still
            }
            it.remove();
        }
    }
}
