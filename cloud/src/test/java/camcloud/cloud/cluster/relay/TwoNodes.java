package camcloud.cloud.cluster.relay;

import camcloud.cloud.CloudServer;
import camcloud.cloud.TestCloud;
import camcloud.cloud.cluster.CameraLocator;
import camcloud.cloud.cluster.NodeAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Two cloud nodes in one JVM on one data directory: one SQLite database file, one segment store, one
 * platform CA and operator token — what several nodes share — and each its own ports. Cameras are
 * provisioned against node B ({@link #b}); each node locates cameras by asking both nodes whether
 * they hold them (what the node directory answers from the database).
 */
public final class TwoNodes implements AutoCloseable {

    public final TestCloud a;
    public final TestCloud b;

    private TwoNodes(TestCloud a, TestCloud b) {
        this.a = a;
        this.b = b;
    }

    public static TwoNodes start(Path dir) throws IOException {
        TestCloud b = TestCloud.start(dir);
        TestCloud a;
        try {
            a = TestCloud.start(dir);
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
        TwoNodes nodes = new TwoNodes(a, b);
        a.server().liveRelays().locateWith(nodes.locator(a.server()));
        b.server().liveRelays().locateWith(nodes.locator(b.server()));
        return nodes;
    }

    /** The locator of {@code self}: a camera is on the node whose gateway holds it. */
    public CameraLocator locator(CloudServer self) {
        return new CameraLocator() {
            @Override
            public Optional<NodeAddress> nodeOf(String serial) {
                return List.of(a.server(), b.server()).stream().filter(n -> n.presence().isOnline(serial))
                        .map(TwoNodes::address).findFirst();
            }

            @Override
            public NodeAddress self() {
                return address(self);
            }
        };
    }

    /** Where the other node reaches {@code node}: loopback, where the tests' nodes listen. */
    public static NodeAddress address(CloudServer node) {
        return new NodeAddress(node.nodeAddress().nodeId(), "127.0.0.1", node.cameraHttpsPort());
    }

    @Override
    public void close() {
        try {
            a.close();
        } finally {
            b.close();
        }
    }
}
