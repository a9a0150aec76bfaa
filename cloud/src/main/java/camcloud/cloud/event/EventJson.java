package camcloud.cloud.event;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * An event as the HTTP API and the push stream show it (EVENT in {@code openapi.yaml}):
 * {@code {"id","camera","cameraName","type","zone","start","end","score","details","snapshot"}}, times
 * as ISO-8601 UTC instants with milliseconds (what the archive's {@code from}/{@code to} take).
 */
public final class EventJson {

    private EventJson() {
    }

    /** {@code cameraName} is the camera's name as the caller knows it. */
    public static Map<String, Object> of(StoredEvent e, String cameraName) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("camera", e.serial());
        m.put("cameraName", cameraName);
        m.put("type", e.type());
        m.put("zone", e.zone().orElse(null));
        m.put("start", Instant.ofEpochMilli(e.startMillis()).toString());
        m.put("end", e.endMillis().map(t -> Instant.ofEpochMilli(t).toString()).orElse(null));
        m.put("score", e.score());
        m.put("details", new TreeMap<>(e.details()));
        m.put("snapshot", e.hasSnapshot() ? "/api/events/" + e.id() + "/snapshot.jpg" : null);
        return m;
    }
}
