package camcloud.cloud.live;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes all cameras of a node may hold in their GOP caches while nobody watches them. A node with
 * thousands of cameras cannot keep two seconds of every one just in case: past this budget an
 * unwatched camera keeps nothing, and its first viewer waits for the next keyframe (at most one GOP)
 * instead of starting at the last one. Watched cameras always cache (their viewers' late joiners
 * start at once); their bytes count too, so the budget is the node's whole GOP memory when it is
 * not exceeded by watched cameras alone.
 */
final class GopBudget {

    private final long limit;
    private final AtomicLong used = new AtomicLong();

    GopBudget(long limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("GOP cache budget must not be negative, was " + limit);
        }
        this.limit = limit;
    }

    /** Takes {@code bytes}; fails (takes nothing) when over the limit, unless {@code force}. */
    boolean take(long bytes, boolean force) {
        if (force) {
            used.addAndGet(bytes);
            return true;
        }
        while (true) {
            long now = used.get();
            if (now + bytes > limit) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    void give(long bytes) {
        used.addAndGet(-bytes);
    }

    long used() {
        return used.get();
    }
}
