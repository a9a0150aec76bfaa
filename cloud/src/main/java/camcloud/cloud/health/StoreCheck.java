package camcloud.cloud.health;

import java.io.IOException;

/**
 * The object store answers: its {@code probe()} (a request to the bucket for S3, the directory for a
 * local store), e.g. {@code new StoreCheck(storage::probe)} for every store of the node. Down says
 * only the kind of failure: the store's own message names its address or path.
 */
public final class StoreCheck implements HealthCheck {

    /** A call that reaches the store and throws when it cannot. */
    @FunctionalInterface
    public interface Probe {
        void probe() throws IOException;
    }

    private final Probe probe;

    public StoreCheck(Probe probe) {
        this.probe = probe;
    }

    @Override
    public Status check() {
        try {
            probe.probe();
            return Status.up();
        } catch (IOException | RuntimeException e) {
            return Status.down("store unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }
}
