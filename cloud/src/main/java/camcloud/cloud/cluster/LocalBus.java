package camcloud.cloud.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The cluster bus inside one JVM: what a node on the embedded SQLite uses (it is the only node, so
 * what it sends reaches nobody), and what the unit tests join several nodes with. Each node that
 * {@link Hub#join joins} a hub gets what the others send on a thread of its own, in order.
 */
public final class LocalBus extends BusBase {

    /** The nodes of one JVM that hear each other. */
    public static final class Hub {
        private final List<LocalBus> members = new CopyOnWriteArrayList<>();

        public LocalBus join(String nodeId) {
            LocalBus bus = new LocalBus(nodeId, this);
            members.add(bus);
            return bus;
        }
    }

    private static final int QUEUE = 10_000;

    private final Hub hub;
    private final ExecutorService delivery;

    private LocalBus(String nodeId, Hub hub) {
        super(nodeId);
        this.hub = hub;
        this.delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(QUEUE), r -> {
            Thread t = new Thread(r, "cluster-bus-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    /** A bus for a node alone in its JVM (embedded SQLite). */
    public static LocalBus alone(String nodeId) {
        return new Hub().join(nodeId);
    }

    @Override
    boolean transmit(String message) {
        boolean all = true;
        for (LocalBus member : hub.members) {
            if (member != this) {
                all &= member.deliver(message);
            }
        }
        return all;
    }

    private boolean deliver(String message) {
        try {
            delivery.execute(() -> received(message));
            return true;
        } catch (RejectedExecutionException e) {
            return false;
        }
    }

    @Override
    public void close() {
        hub.members.remove(this);
        delivery.shutdownNow();
    }
}
