package camcloud.cloud.cluster;

import camcloud.cloud.config.ClusterConfig;
import camcloud.cloud.config.DatabaseConfig;
import camcloud.cloud.control.CameraCommands;
import camcloud.cloud.db.Database;
import camcloud.cloud.device.Presence;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.ownership.Ownerships;
import camcloud.cloud.push.PushHub;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node as one of several sharing a database: its id, the {@link ClusterBus} (PostgreSQL
 * LISTEN/NOTIFY, or in-process on the embedded SQLite where it is the only node), the
 * {@link NodeDirectory} with its {@link CameraLocator}, and what it carries between nodes. A node on
 * SQLite runs the same parts; it simply never hears from another node.
 *
 * <p>Started in two steps because the node's ports are known only once its listeners are bound:
 * {@link #open} before the parts that push to pages, {@link #join} once the HTTP API is up.
 */
public final class ClusterNode implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final ClusterConfig config;
    private final Database db;
    private final Presence presence;
    private final ClusterBus bus;
    private final String nodeId;
    private NodeDirectory directory;
    private DirectoryLocator locator;
    private CommandRelay commands;
    private PushHub pages;

    private ClusterNode(ClusterConfig config, Database db, Presence presence, ClusterBus bus) {
        this.config = config;
        this.db = db;
        this.presence = presence;
        this.bus = bus;
        this.nodeId = bus.nodeId();
    }

    /**
     * Picks the node's id ({@code node.id}, else a new random one) and opens the bus: LISTEN/NOTIFY on
     * the PostgreSQL of {@code database}, in-process on SQLite.
     *
     * @throws camcloud.cloud.db.DatabaseException when PostgreSQL cannot be reached (naming its address)
     */
    public static ClusterNode open(ClusterConfig config, DatabaseConfig database, Database db, Presence presence) {
        String id = config.nodeId().isEmpty() ? "node-" + HexFormat.of().formatHex(randomBytes()) : config.nodeId();
        ClusterBus bus = database.url().startsWith("jdbc:postgresql:") ? PgNotifyBus.start(database.url(), id)
                : LocalBus.alone(id);
        return new ClusterNode(config, db, presence, bus);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[4];
        new SecureRandom().nextBytes(b);
        return b;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Page pushes through the cluster: give the returned relay to what pushes (notifications as its
     * {@code PagePush}, the event service as an {@code EventListener}) instead of {@code hub}.
     */
    public PushRelay pushThrough(PushHub hub) {
        this.pages = hub;
        return new PushRelay(bus, hub);
    }

    /** New firmware targets reach the camera's node, which offers the update. */
    public void carryFirmwareTargets(FirmwareService firmware) {
        ChangeRelay.carryTargets(bus, firmware);
    }

    /** Ownership changes reach every node (recording cut, release handled where the camera is). */
    public void carryOwnerChanges(Ownerships ownerships, Executor blocking) {
        ChangeRelay.carryOwnerChanges(bus, ownerships, blocking);
    }

    /**
     * Enters the directory with this node's address and the cameras connected now, follows presence
     * from then on, and routes commands for cameras on other nodes there.
     *
     * @param gatewayNames   the names cameras dial: the first is the advertised host unless
     *                       {@code node.advertise} is set
     * @param cameraHttpsPort where other nodes reach this one (mutual TLS)
     */
    public void join(List<String> gatewayNames, int cameraHttpsPort, int httpPort, CameraCommands cameraCommands) {
        String host = !config.advertiseHost().isEmpty() ? config.advertiseHost()
                : gatewayNames == null || gatewayNames.isEmpty() ? "localhost" : gatewayNames.get(0);
        directory = NodeDirectory.create(db, new NodeAddress(nodeId, host, cameraHttpsPort), httpPort, config.lease(),
                Clock.systemUTC(), () -> presence.all().stream().map(PresenceRelay::sessionOf).toList());
        PushHub hub = pages;
        presence.onChange(new PresenceRelay(bus, directory, presence, (serial, online) -> {
            if (hub != null) {
                hub.cameraChanged(serial, online);
            }
        }));
        directory.register();
        locator = new DirectoryLocator(directory, presence);
        if (bus instanceof PgNotifyBus) {
            // Other nodes may hold cameras; alone on SQLite, a camera not here is offline (no lookup).
            presence.lookElsewhere(serial -> locator.nodeOf(serial).isPresent());
        }
        if (cameraCommands != null) {
            commands = new CommandRelay(bus, locator, cameraCommands);
        }
        log.info("cluster: node {} joined ({})", nodeId, bus instanceof PgNotifyBus
                ? "PostgreSQL LISTEN/NOTIFY between nodes" : "single node on the embedded database");
    }

    /** Which node holds a camera (for the live relay); null before {@link #join}. */
    public CameraLocator locator() {
        return locator;
    }

    /** The node directory; null before {@link #join}. */
    public NodeDirectory directory() {
        return directory;
    }

    public ClusterBus bus() {
        return bus;
    }

    /** Leaves the directory (this node and its cameras) and closes the bus. */
    @Override
    public void close() {
        if (commands != null) {
            commands.close();
        }
        if (directory != null) {
            directory.close();
        }
        bus.close();
    }
}
