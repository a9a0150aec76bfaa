package camcloud.cloud.cluster.relay;

import camcloud.cloud.CloudServer;
import camcloud.cloud.TestCloud;
import camcloud.cloud.cluster.CameraLocator;
import camcloud.cloud.cluster.NodeAddress;
import camcloud.cloud.config.CloudConfig;
import camcloud.cloud.config.DatabaseConfig;
import camcloud.cloud.engines.PostgresServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Two cloud nodes in one JVM sharing what several nodes share — one database (PostgreSQL when this
 * machine has it, else one SQLite file), one segment store, one platform CA, operator token and
 * firmware keys (one data directory) — each with its own ports. Cameras are provisioned against
 * node B ({@link #b}); each node locates cameras by asking both nodes whether they hold them (what
 * the node directory answers from the database).
 */
public final class TwoNodes implements AutoCloseable {

    public final TestCloud a;
    public final TestCloud b;

    private TwoNodes(TestCloud a, TestCloud b) {
        this.a = a;
        this.b = b;
    }

    public static TwoNodes start(Path dir) throws IOException {
        DatabaseConfig database = PostgresServer.available().isPresent() || PostgresServer.ciRequiresEngines()
                ? new DatabaseConfig(PostgresServer.require().newDatabase(), 4)
                : DatabaseConfig.defaults(); // the data directory's SQLite file, which both open
        UnaryOperator<CloudConfig> shared = c -> c.withDatabase(database);
        TestCloud b = TestCloud.start(dir, shared);
        TestCloud a;
        try {
            a = TestCloud.start(dir, shared);
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
