package camcloud.cloud.storage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bytes a shared store holds, without listing it on each question: one listing when first asked, then
 * this node's own writes and deletes counted, and a fresh listing in the background once the last is
 * older than {@link #REFRESH} (other nodes write to the same store). Nobody asking means no listing at
 * all: only retention's optional storage limit asks.
 */
final class UsageTally implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsageTally.class);
    static final Duration REFRESH = Duration.ofMinutes(10);

    /** The listing: total bytes stored. */
    interface Lister {
        long total() throws IOException;
    }

    private final Lister lister;
    private final ExecutorService refresher;
    private final AtomicLong listed = new AtomicLong(-1);
    /** Bytes this node wrote minus bytes it deleted since the listing began. */
    private final AtomicLong delta = new AtomicLong();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long listedAtNanos;

    UsageTally(Lister lister, String threadName) {
        this.lister = lister;
        this.refresher = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    void add(long bytes) {
        delta.addAndGet(bytes);
    }

    long bytes() throws IOException {
        if (listed.get() < 0) {
            synchronized (this) {
                if (listed.get() < 0) {
                    list();
                }
            }
        } else if (System.nanoTime() - listedAtNanos > REFRESH.toNanos() && refreshing.compareAndSet(false, true)) {
            refresher.execute(() -> {
                try {
                    list();
                } catch (IOException | RuntimeException e) {
                    log.warn("listing the store for its size failed (the last count stays): {}", e.getMessage());
                } finally {
                    refreshing.set(false);
                }
            });
        }
        return Math.max(0, listed.get() + delta.get());
    }

    /** Writes during the listing may or may not be in it; counting them after it errs by those only. */
    private void list() throws IOException {
        long before = delta.get();
        long total = lister.total();
        delta.addAndGet(-before);
        listed.set(total);
        listedAtNanos = System.nanoTime();
    }

    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
