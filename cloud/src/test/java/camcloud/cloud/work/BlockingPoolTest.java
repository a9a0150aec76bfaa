package camcloud.cloud.work;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A full pool refuses and counts; it never runs the work on the caller's thread. */
class BlockingPoolTest {

    @Test
    void fullPoolRefusesCountsAndNeverRunsOnTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (BlockingPool pool = new BlockingPool("test-pool", 1, 1)) {
            pool.bindTo(registry);
            pool.execute(() -> {
                running.countDown();
                await(release);
            });
            assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
            pool.execute(() -> { }); // waits in the queue
            Thread caller = Thread.currentThread();
            Thread[] ranOn = new Thread[1];

            assertThatThrownBy(() -> pool.execute(() -> ranOn[0] = Thread.currentThread()))
                    .isInstanceOf(BlockingPool.Overloaded.class).hasMessageContaining("test-pool is full");
            // Through a CompletableFuture too: refused at once, not run here.
            assertThatThrownBy(() -> CompletableFuture.runAsync(() -> ranOn[0] = caller, pool))
                    .isInstanceOf(BlockingPool.Overloaded.class);

            assertThat(ranOn[0]).isNull();
            assertThat(pool.rejections()).isEqualTo(2);
            assertThat(registry.get("camcloud.blocking.rejections").functionCounter().count()).isEqualTo(2.0);
            assertThat(registry.get("camcloud.blocking.active").gauge().value()).isEqualTo(1.0);
            assertThat(registry.get("camcloud.blocking.queued").gauge().value()).isEqualTo(1.0);
            release.countDown();
        }
    }

    @Test
    void rejectionIsRecognisedInsideTheWrappersOfAFuture() {
        BlockingPool.Overloaded full = new BlockingPool.Overloaded("full");
        assertThat(BlockingPool.isRejection(new CompletionException(full))).isTrue();
        assertThat(BlockingPool.isRejection(new CompletionException(new IllegalStateException()))).isFalse();
        assertThat(BlockingPool.isRejection(null)).isFalse();
    }

    @Test
    void workRunsOnNamedPoolThreadsThatAreNoEventLoops() throws Exception {
        try (BlockingPool pool = new BlockingPool("test-pool", 2, 10)) {
            Thread t = CompletableFuture.supplyAsync(Thread::currentThread, pool).get(10, TimeUnit.SECONDS);
            assertThat(t.getName()).startsWith("test-pool-");
            assertThat(EventLoopGuard.onEventLoop(t)).isFalse();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
