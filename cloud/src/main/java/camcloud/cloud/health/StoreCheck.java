package camcloud.cloud.health;

import camcloud.cloud.storage.ObjectStore;

/**
 * The object store answers. Uses {@link ObjectStore#usableBytes()} as the cheapest call that reaches
 * the store (a local store whose directory is gone fails it).
 * TODO(storage): call {@code ObjectStore.probe()} here once the storage contract has it (a request to
 * the bucket for S3; the directory for a local store).
 */
public final class StoreCheck implements HealthCheck {

    private final ObjectStore store;

    public StoreCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public Status check() {
        try {
            store.usableBytes();
            return Status.up();
        } catch (java.io.IOException e) {
            return Status.down("store unreachable (" + e.getClass().getSimpleName() + ")");
        }
    }
}
