package camcloud.cloud.storage;

/**
 * The three stores a node keeps files in, from {@link ObjectStores#open}: recorded segments, event
 * snapshots, firmware bundles. Closing releases the S3 client they share (nothing for directories).
 */
public record NodeStorage(ObjectStore video, ObjectStore snapshots, ObjectStore firmware, AutoCloseable resources)
        implements AutoCloseable {

    /** Checks every store answers (for {@code /health}); the first failure names its store. */
    public void probe() throws java.io.IOException {
        video.probe();
        snapshots.probe();
        firmware.probe();
    }

    @Override
    public void close() {
        try {
            resources.close();
        } catch (Exception e) {
            org.slf4j.LoggerFactory.getLogger(NodeStorage.class).warn("closing the object stores: {}", e.toString());
        }
    }
}
