package camcloud.cli.firmware;

import camcloud.cli.KeyValueLines;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The readable text of a rollout (the API's rollout object), as {@code firmware rollout show} and
 * every control command print it:
 *
 * <pre>
 * rollout:   7, hi3518ev200-8m 1.2.0
 * state:     paused: wave 2: 3 of 12 finished cameras failed (25 % &gt; 20 %)
 * created:   2026-12-03T07:00:00Z, driven by node-a
 * wave 0:    qa          succeeded [####################] 12 of 12 healthy
 * wave 1:    1 %         failed    [##########..........]  6 of 12 healthy, 3 failed, 3 installing
 * cameras:   healthy 18, failed 3, installing 3, pending 276
 * failed:    no-video: CC-1, CC-2, CC-3
 * </pre>
 */
final class RolloutLines {

    private static final int BAR = 20;
    private static final int NAMED = 5;

    private RolloutLines() {
    }

    static KeyValueLines of(JsonNode r) {
        KeyValueLines lines = new KeyValueLines()
                .add("rollout", r.path("id").asText() + ", " + r.path("model").asText() + " " + r.path("version").asText());
        String reason = r.path("pauseReason").asText("");
        lines.add("state", r.path("state").asText() + (reason.isEmpty() ? "" : ": " + reason));
        String created = r.path("createdAt").canConvertToLong() && r.path("createdAt").asLong() > 0
                ? Instant.ofEpochMilli(r.path("createdAt").asLong()).toString() : "?";
        String driver = r.path("drivenBy").asText("");
        lines.add("created", created + (driver.isEmpty() ? "" : ", driven by " + driver));
        for (JsonNode w : r.path("waves")) {
            lines.add("wave " + w.path("index").asInt(), wave(w));
        }
        lines.add("cameras", counts(r.path("counts")));
        for (JsonNode f : r.path("failures")) {
            lines.add("failed", f.path("reason").asText() + ": " + serials(f.path("cameras")));
        }
        return lines;
    }

    /** One line per rollout, for {@code firmware rollout list}. */
    static KeyValueLines list(JsonNode rollouts) {
        KeyValueLines lines = new KeyValueLines();
        for (JsonNode r : rollouts) {
            JsonNode c = r.path("counts");
            int total = total(c);
            lines.add("rollout " + r.path("id").asText(), String.format("%-10s %s %s, %d of %d healthy, %d failed",
                    r.path("state").asText(), r.path("model").asText(), r.path("version").asText(),
                    c.path("healthy").asInt(), total, c.path("failed").asInt()));
        }
        if (rollouts.isEmpty()) {
            lines.note("no rollouts");
        }
        return lines;
    }

    private static String wave(JsonNode w) {
        JsonNode c = w.path("counts");
        int cameras = w.path("cameras").asInt(total(c));
        int healthy = c.path("healthy").asInt();
        int failed = c.path("failed").asInt();
        int filled = cameras == 0 ? 0 : (int) Math.round((double) BAR * (healthy + failed) / cameras);
        StringBuilder s = new StringBuilder(String.format("%-11s %-9s [", w.path("label").asText(),
                w.path("state").asText()));
        s.append("#".repeat(Math.min(BAR, filled))).append(".".repeat(Math.max(0, BAR - filled))).append("] ");
        s.append(healthy).append(" of ").append(cameras).append(" healthy");
        List<String> rest = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("healthy") && e.getValue().asInt() > 0) {
                rest.add(e.getValue().asInt() + " " + e.getKey());
            }
        }
        if (!rest.isEmpty()) {
            s.append(", ").append(String.join(", ", rest));
        }
        return s.toString();
    }

    /** {@code healthy 18, failed 3, …}: the states with cameras in them. */
    static String counts(JsonNode c) {
        List<String> parts = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().asInt() > 0) {
                parts.add(e.getKey() + " " + e.getValue().asInt());
            }
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    private static int total(JsonNode counts) {
        int total = 0;
        for (JsonNode n : counts) {
            total += n.asInt();
        }
        return total;
    }

    private static String serials(JsonNode cameras) {
        List<String> names = new ArrayList<>();
        cameras.forEach(c -> names.add(c.asText()));
        if (names.size() <= NAMED) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, NAMED)) + " (+" + (names.size() - NAMED) + " more)";
    }
}
