package camcloud.cloud.notify;

import camcloud.cloud.event.StoredEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An event in the API's EVENT shape ({@code id, camera, cameraName, type, zone, start, end, score,
 * details, snapshot}), for webhook deliveries. The snapshot is the API's path: a receiver fetches it
 * with the owner's session, the delivery itself carries no picture.
 */
final class EventJson {

    private EventJson() {
    }

    static Map<String, Object> of(StoredEvent e, String cameraName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("camera", e.serial());
        m.put("cameraName", cameraName);
        m.put("type", e.type());
        m.put("zone", e.zone().filter(z -> !z.isEmpty()).orElse(null));
        m.put("start", Instant.ofEpochMilli(e.startMillis()).toString());
        m.put("end", e.endMillis().map(end -> Instant.ofEpochMilli(end).toString()).orElse(null));
        m.put("score", e.score());
        m.put("details", e.details());
        m.put("snapshot", e.hasSnapshot() ? "/api/events/" + e.id() + "/snapshot.jpg" : null);
        return m;
    }
}
