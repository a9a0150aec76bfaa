package camcloud.cloud.work;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tests: a {@link BlockingPool} with every thread blocked and every queue slot taken (one more task
 * was refused to prove it), until {@link #release()}.
 */
public final class SaturatedPool implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger blocked = new AtomicInteger();

    private SaturatedPool() {
    }

    public static SaturatedPool fill(BlockingPool pool) {
        SaturatedPool saturated = new SaturatedPool();
        // Work already running may end and free a queue slot: top the queue up until every thread
        // runs one of ours, and only then is the pool full for good.
        while (true) {
            boolean allOurs = saturated.blocked.get() == pool.threads(); // and stays so: ours never end
            try {
                pool.execute(saturated::waitForRelease);
            } catch (RejectedExecutionException full) {
                if (allOurs) {
                    return saturated;
                }
                pause();
            }
        }
    }

    /** The blocked tasks end; the pool takes work again. */
    public void release() {
        release.countDown();
    }

    @Override
    public void close() {
        release();
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filling the pool", e);
        }
    }

    private void waitForRelease() {
        blocked.incrementAndGet();
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
