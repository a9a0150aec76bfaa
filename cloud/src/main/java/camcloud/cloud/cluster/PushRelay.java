package camcloud.cloud.cluster;

import camcloud.cloud.event.EventListener;
import camcloud.cloud.event.StoredEvent;
import camcloud.cloud.push.PagePush;
import camcloud.cloud.push.PushHub;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Page pushes for a cluster: what is pushed on this node ({@link PagePush#toUser}, events) goes to this
 * node's pages and, over the {@link ClusterBus}, to the pages open on the other nodes; each node's
 * {@link PushHub} then decides who may see it, as for its own. (Cameras' online/offline is pushed by
 * {@link PresenceRelay}.) A payload over the bus's size limit reaches only this node's pages.
 */
public final class PushRelay implements PagePush, EventListener {

    static final String USER = "push.user";
    static final String EVENT = "push.event";

    private final ClusterBus bus;
    private final PushHub hub;

    PushRelay(ClusterBus bus, PushHub hub) {
        this.bus = bus;
        this.hub = hub;
        bus.on(USER, body -> hub.toUser(body.path("user").asLong(), body.path("name").asText(), body.get("payload")));
        bus.on(EVENT, body -> hub.eventChanged(event(body), body.path("ended").asBoolean()));
    }

    @Override
    public void toUser(long userId, String name, Object payload) {
        hub.toUser(userId, name, payload);
        ObjectNode body = bus.body().put("user", userId).put("name", name);
        try {
            body.set("payload", BusBase.JSON.valueToTree(payload));
        } catch (IllegalArgumentException e) {
            return; // not JSON: this node's hub said so already, and its pages got nothing either
        }
        bus.send(null, USER, body);
    }

    @Override
    public void onEvent(StoredEvent event, boolean ended) {
        hub.eventChanged(event, ended);
        ObjectNode body = bus.body().put("id", event.id()).put("serial", event.serial()).put("type", event.type())
                .put("startMillis", event.startMillis()).put("score", event.score())
                .put("hasSnapshot", event.hasSnapshot()).put("ended", ended);
        event.zone().ifPresent(z -> body.put("zone", z));
        event.endMillis().ifPresent(e -> body.put("endMillis", e));
        ObjectNode details = body.putObject("details");
        event.details().forEach(details::put);
        bus.send(null, EVENT, body);
    }

    private static StoredEvent event(JsonNode body) {
        Map<String, String> details = new LinkedHashMap<>();
        body.path("details").fields().forEachRemaining(e -> details.put(e.getKey(), e.getValue().asText()));
        return new StoredEvent(body.path("id").asText(), body.path("serial").asText(), body.path("type").asText(),
                body.hasNonNull("zone") ? Optional.of(body.get("zone").asText()) : Optional.empty(),
                body.path("startMillis").asLong(),
                body.hasNonNull("endMillis") ? Optional.of(body.get("endMillis").asLong()) : Optional.empty(),
                (float) body.path("score").asDouble(), details, body.path("hasSnapshot").asBoolean());
    }
}
