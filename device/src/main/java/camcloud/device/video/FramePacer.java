package camcloud.device.video;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Paces a source at its frame rate on the monotonic clock: frame {@code n} is due at
 * {@code start + n / fps}. A caller that falls behind gets the late frames at once (no sleeping) and
 * the schedule is not shifted, so the average rate stays exact; a caller more than one second late
 * is re-anchored to now instead of bursting through the backlog.
 *
 * <p>The capture time of a frame is its due time, not the moment a busy process got round to it:
 * a sensor captures on its own clock, at a regular rate, and a late hand-over does not move the
 * moment the picture was taken. Regular capture times are what real cameras send, and what players
 * and {@code ffmpeg} expect of constant-rate video.
 */
public final class FramePacer {

    private final long periodNanos;
    private long dueNanos;
    private boolean started;

    /** A pacer for a constant frame rate. */
    public FramePacer(int fps) {
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / fps;
    }

    /** Blocks until the next frame is due; returns its due time on the {@link System#nanoTime()} clock. */
    public long awaitNext() throws InterruptedException {
        return awaitNext(periodNanos);
    }

    /**
     * The same for footage whose frames have their own durations: the frame due now lasts
     * {@code durationNanos}, so the one after it is due that much later.
     */
    long awaitNext(long durationNanos) throws InterruptedException {
        long now = System.nanoTime();
        if (!started || now - dueNanos > TimeUnit.SECONDS.toNanos(1)) {
            started = true;
            dueNanos = now;
        }
        while (now - dueNanos < 0) {
            LockSupport.parkNanos(dueNanos - now);
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for the next frame");
            }
            now = System.nanoTime();
        }
        long capture = dueNanos;
        dueNanos += durationNanos;
        return capture;
    }
}
