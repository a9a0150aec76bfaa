package camcloud.device.ring;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * How a ring reader waits when {@link RingReader#poll()} has nothing: the ring has no wake-up call
 * (that would be a syscall per frame, the cost the ring exists to avoid), so the reader spins a
 * little, then yields, then parks for a short, growing pause up to {@code maxPark}. A camera's agent
 * at 25 fps spends almost all its time parked; a benchmark can choose a short {@code maxPark}.
 *
 * <pre>{@code
 * RingIdle idle = new RingIdle(TimeUnit.MILLISECONDS.toNanos(1));
 * while (running) {
 *     RingFrame frame = reader.poll();
 *     if (frame == null) { idle.idle(); continue; }
 *     idle.reset();
 *     ...
 * }
 * }</pre>
 */
public final class RingIdle {

    private static final int SPINS = 100;
    private static final int YIELDS = 20;
    private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(10);

    private final long maxParkNanos;
    private int idleRounds;
    private long parkNanos = MIN_PARK_NANOS;

    /** @param maxParkNanos longest single pause, at least 10 µs */
    public RingIdle(long maxParkNanos) {
        if (maxParkNanos < MIN_PARK_NANOS) {
            throw new IllegalArgumentException("RingIdle maxParkNanos must be >= " + MIN_PARK_NANOS + ", was "
                    + maxParkNanos);
        }
        this.maxParkNanos = maxParkNanos;
    }

    /** Waits a little; call when poll returned nothing. */
    public void idle() {
        idleRounds++;
        if (idleRounds <= SPINS) {
            Thread.onSpinWait();
        } else if (idleRounds <= SPINS + YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(maxParkNanos, parkNanos * 2);
        }
    }

    /** Call when a frame arrived: the next wait starts with spinning again. */
    public void reset() {
        idleRounds = 0;
        parkNanos = MIN_PARK_NANOS;
    }
}
