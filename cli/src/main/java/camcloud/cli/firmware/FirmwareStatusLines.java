package camcloud.cli.firmware;

import camcloud.cli.KeyValueLines;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A camera's firmware status (the cloud's {@code FirmwareStatus} answer) as text, for {@code firmware
 * status} and {@code firmware target}:
 *
 * <pre>
 * camera:      CC-7Q2M9XK4TB (xiaomi-yi-ants)
 * online:      yes
 * running:     1.2.0
 * target:      1.2.0, set 2026-01-01T09:59:48Z (16 s ago)
 * state:       installed
 * last step:   rebooting (1.2.0), 2026-01-01T10:00:01Z (3 s ago)
 * pinned keys: 3f2a9c0d1e4b5a67
 * </pre>
 */
final class FirmwareStatusLines {

    private FirmwareStatusLines() {
    }

    static KeyValueLines of(JsonNode status, Instant now) {
        KeyValueLines lines = new KeyValueLines()
                .add("camera", text(status, "serial") + " (" + text(status, "model") + ")")
                .add("online", status.path("online").asBoolean() ? "yes" : "no")
                .add("running", orElse(text(status, "runningVersion"), "unknown (it never connected)"));
        String target = text(status, "targetVersion");
        lines.add("target", target == null ? "none" : target + ", set " + when(text(status, "targetSetAt"), now));
        lines.add("state", orElse(text(status, "state"), "unknown"));
        JsonNode last = status.get("lastProgress");
        if (last != null && last.isObject()) {
            lines.add("last step", lastStep(last, now));
            String error = text(last, "error");
            if (error != null && !error.isEmpty()) {
                lines.add("error", error);
            }
        } else {
            lines.add("last step", "none reported");
        }
        lines.add("pinned keys", pinnedKeys(status.get("pinnedKeyIds")));
        return lines;
    }

    /** {@code writing kernel (1.2.0), 1,048,576 of 3,670,080 bytes, 2026-…Z (3 s ago)}. */
    private static String lastStep(JsonNode last, Instant now) {
        String step = orElse(text(last, "step"), "?").replaceFirst("^UPDATE_STEP_", "")
                .toLowerCase(Locale.ROOT).replace('_', ' ');
        StringBuilder sb = new StringBuilder(step).append(" (").append(text(last, "version")).append(")");
        long total = last.path("bytesTotal").asLong();
        if (total > 0) {
            sb.append(String.format(Locale.ROOT, ", %,d of %,d bytes", last.path("bytesDone").asLong(), total));
        }
        return sb.append(", ").append(when(text(last, "reportedAt"), now)).toString();
    }

    private static String pinnedKeys(JsonNode ids) {
        if (ids == null || ids.isNull()) {
            return "unknown (provisioned before the cloud recorded them)";
        }
        List<String> keys = new ArrayList<>();
        ids.forEach(id -> keys.add(id.asText()));
        return keys.isEmpty() ? "none (it accepts no update)" : String.join(", ", keys);
    }

    /** An ISO time to the second and how long ago it was ({@code 2026-01-01T10:00:00Z (3 s ago)}). */
    static String when(String iso, Instant now) {
        if (iso == null) {
            return "?";
        }
        try {
            Instant at = Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS);
            Duration ago = Duration.between(at, now);
            if (ago.isNegative()) {
                return at.toString();
            }
            long s = ago.toSeconds();
            String text = s < 120 ? s + " s" : s < 7200 ? s / 60 + " min" : s < 172_800 ? s / 3600 + " h"
                    : s / 86_400 + " days";
            return at + " (" + text + " ago)";
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String orElse(String value, String otherwise) {
        return value == null ? otherwise : value;
    }
}
