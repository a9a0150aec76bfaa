package camcloud.cloud.gateway;

/**
 * A token bucket per connection: a camera may send {@code perSecond} frames sustained and bursts of
 * four times that. Used on the event loop only, so it needs no synchronisation.
 */
final class FloodGuard {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long last;

    FloodGuard(int perSecond, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond * 4.0;
        this.tokens = capacity;
        this.last = nowNanos;
    }

    /** Takes one token; false when the camera is over its rate. */
    boolean tryAcquire(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
