package camcloud.cloud.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Consumer;

/**
 * Small messages between the nodes of a cluster: a command for a camera to the node that holds it and
 * its outcome back, a new firmware target, an ownership change, a page push, "camera connected here".
 * A message is a JSON object with a {@code type}; it goes to one node ({@code to}) or to every other
 * node, at most once and in order per sender: a node that is away misses it (commands then time out,
 * pages catch up at their next load), nothing is stored.
 *
 * <p>{@link PgNotifyBus} on PostgreSQL (several nodes), {@link LocalBus} on the embedded SQLite (one node).
 */
public interface ClusterBus extends AutoCloseable {

    /**
     * PostgreSQL refuses a NOTIFY payload of 8000 bytes or more; a message (with its envelope) must
     * stay below this many bytes of UTF-8.
     */
    int MAX_MESSAGE_BYTES = 7900;

    /** This node's id, the {@code from} of what it sends. */
    String nodeId();

    /**
     * Sends {@code body} as a message of {@code type} to node {@code to}, or to every other node when
     * {@code to} is null. Never blocks: it is queued. False (and logged) when it is too large or the
     * queue is full: nothing was sent.
     */
    boolean send(String to, String type, ObjectNode body);

    /**
     * Calls {@code handler} with the body of every message of {@code type} from another node addressed
     * to this node or to all; on the bus's one delivery thread, in order: hand anything slow on.
     */
    void on(String type, Consumer<JsonNode> handler);

    /** A new empty message body. */
    ObjectNode body();

    @Override
    void close();
}
