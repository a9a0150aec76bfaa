package camcloud.device.uplink;

/**
 * How many media frames the uplink may send now: a token bucket of {@code perSecond} frames with one
 * second's worth of burst. Live video never comes near it; it paces the upload of a buffer after an
 * outage, which would otherwise go out as fast as the connection takes it and could pass the cloud's
 * per-camera media budget (the gateway disconnects a camera over it, and the camera would resend the
 * same buffer again). Touched on one event loop only.
 */
final class SendBudget {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long lastNanos;

    SendBudget(int perSecond, long nowNanos) {
        if (perSecond < 1) {
            throw new IllegalArgumentException("upload frames per second must be at least 1, was " + perSecond);
        }
        this.perNano = perSecond / 1e9;
        this.capacity = perSecond;
        this.tokens = perSecond;
        this.lastNanos = nowNanos;
    }

    /** Takes one frame's token if there is one. */
    boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - lastNanos) * perNano);
        lastNanos = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
