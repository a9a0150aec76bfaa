package camcloud.device.agent;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How long the cloud agent waits before it dials again: exponential backoff with jitter, shortened
 * while video is at risk.
 *
 * <ul>
 *   <li><b>Nothing at risk</b> (no video, or everything acknowledged): the n-th retry (from 0) waits a
 *       random time in {@code [min(base, ceiling / 2), ceiling]}, {@code ceiling = min(cap, base * 2^n)}
 *       — 0.5–1 s, 1–2 s, 1–4 s … up to 1–60 s with the defaults. The jitter spreads 70,000 cameras that
 *       lost the cloud at the same moment over the whole window instead of sending them back all at
 *       once, and the growth keeps a long outage of the cloud from costing it a dial per camera per
 *       second.</li>
 *   <li><b>Video at risk</b> (the upload buffer holds video the cloud has not acknowledged): the same
 *       rule, but the ceiling never passes {@code max(base, atRiskCap)} (3 s by default), so the camera
 *       is back within about that long once the network is: every second it waits after that uses up
 *       upload buffer, and a full buffer loses the oldest video. The jitter still spreads a node's
 *       cameras: each retries at its own random moment of the window, so after a cloud restart they
 *       come back spread over about {@code atRiskCap} rather than together.</li>
 * </ul>
 * A planned move (the cloud is draining) waits only {@link #drainJitter()}.
 * Not thread-safe: the agent uses it on its event loop.
 */
public final class Backoff {

    private final long baseMillis;
    private final long capMillis;
    private final long atRiskCapMillis;
    private final RandomGenerator random;
    private int attempt;

    /** A backoff whose waits are the same whether video is at risk or not. */
    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        this(base, cap, cap, random);
    }

    /**
     * @param base      the first ceiling
     * @param cap       the longest wait
     * @param atRiskCap the longest wait while video is at risk (at least {@code base} is waited anyway)
     */
    public Backoff(Duration base, Duration cap, Duration atRiskCap, RandomGenerator random) {
        if (base.toMillis() < 1 || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 1 ms <= base <= cap, got base " + base + ", cap " + cap);
        }
        if (atRiskCap.toMillis() < 1) {
            throw new IllegalArgumentException("backoff at-risk cap must be at least 1 ms, was " + atRiskCap);
        }
        this.baseMillis = base.toMillis();
        this.capMillis = cap.toMillis();
        this.atRiskCapMillis = Math.max(baseMillis, atRiskCap.toMillis());
        this.random = random;
    }

    /** The wait before the next attempt when nothing is at risk; each call widens the window up to the cap. */
    public Duration next() {
        return next(false);
    }

    /** The wait before the next attempt; each call widens the window up to the cap that applies. */
    public Duration next(boolean videoAtRisk) {
        long ceiling = baseMillis << Math.min(attempt, 30);
        if (ceiling <= 0 || ceiling > capMillis) {
            ceiling = capMillis;
        }
        if (videoAtRisk && ceiling > atRiskCapMillis) {
            ceiling = atRiskCapMillis;
        }
        attempt++;
        long floor = Math.min(baseMillis, ceiling / 2);
        return Duration.ofMillis(floor + (long) (random.nextDouble() * (ceiling - floor)));
    }

    /**
     * The wait before dialling another node after the cloud said it is draining: the move is planned,
     * not a failure, so it neither grows the backoff nor waits for it; a random time in
     * {@code [0, base / 2]} (0–0.5 s with the defaults) only spreads a drained node's cameras so
     * they do not all hand-shake with the other nodes in the same instant.
     */
    public Duration drainJitter() {
        return Duration.ofMillis((long) (random.nextDouble() * (baseMillis / 2)));
    }

    /** The longest wait while video is at risk. */
    public Duration atRiskCap() {
        return Duration.ofMillis(Math.min(atRiskCapMillis, capMillis));
    }

    /** After a successful session: the next failure starts from the base again. */
    public void reset() {
        attempt = 0;
    }
}
