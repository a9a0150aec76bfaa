package camcloud.cloud.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What both buses share: the envelope ({@code {"type","from","to","body"}}), the size limit, and
 * delivery of what arrives to the handlers of its type — only messages of other nodes, addressed to
 * this one or to all. What arrives is parsed defensively: a message that is not the envelope is
 * dropped and counted.
 */
abstract class BusBase implements ClusterBus {

    private static final Logger log = LoggerFactory.getLogger(BusBase.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final String nodeId;
    private final Map<String, Consumer<JsonNode>> handlers = new ConcurrentHashMap<>();
    private final AtomicLong dropped = new AtomicLong();

    BusBase(String nodeId) {
        this.nodeId = nodeId;
    }

    @Override
    public final String nodeId() {
        return nodeId;
    }

    @Override
    public final ObjectNode body() {
        return JSON.createObjectNode();
    }

    @Override
    public final void on(String type, Consumer<JsonNode> handler) {
        handlers.put(type, handler);
    }

    @Override
    public final boolean send(String to, String type, ObjectNode body) {
        ObjectNode envelope = JSON.createObjectNode().put("type", type).put("from", nodeId);
        if (to != null) {
            envelope.put("to", to);
        }
        envelope.set("body", body);
        String text;
        try {
            text = JSON.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            log.warn("cluster: cannot write a {} message: {}", type, e.getMessage());
            return false;
        }
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_MESSAGE_BYTES) {
            log.warn("cluster: a {} message of {} bytes is over the {} the bus carries; not sent", type, bytes,
                    MAX_MESSAGE_BYTES);
            return false;
        }
        return transmit(text);
    }

    /** Queues {@code message} (at most {@link #MAX_MESSAGE_BYTES}) for the other nodes; false when full. */
    abstract boolean transmit(String message);

    /** Messages that arrived and were not the envelope. */
    final long dropped() {
        return dropped.get();
    }

    /** A message as it arrived: to the handler of its type, when it is for this node from another. */
    final void received(String message) {
        JsonNode envelope;
        try {
            envelope = JSON.readTree(message);
        } catch (JsonProcessingException e) {
            envelope = null;
        }
        if (envelope == null || !envelope.path("type").isTextual() || !envelope.path("from").isTextual()
                || !envelope.path("body").isObject()) {
            if (dropped.getAndIncrement() % 1000 == 0) {
                log.warn("cluster: a message that is not ours arrived; dropped ({} so far)", dropped.get());
            }
            return;
        }
        if (envelope.get("from").asText().equals(nodeId)
                || (envelope.has("to") && !envelope.get("to").asText().equals(nodeId))) {
            return;
        }
        Consumer<JsonNode> handler = handlers.get(envelope.get("type").asText());
        if (handler == null) {
            return; // a newer node's message this node does not know
        }
        try {
            handler.accept(envelope.get("body"));
        } catch (RuntimeException e) {
            log.warn("cluster: handling a {} message from {} failed: {}", envelope.get("type").asText(),
                    envelope.get("from").asText(), e.toString());
        }
    }
}
