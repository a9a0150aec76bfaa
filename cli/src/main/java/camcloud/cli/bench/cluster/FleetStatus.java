package camcloud.cli.bench.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * One status line of {@code camcloud fleet --json} ({@code {"type":"status","cameras":N,"online":n,…}}).
 * A field the fleet does not print reads as {@link #ABSENT}: the benchmark says "n/a" rather than
 * invent a zero.
 *
 * @param rttCount heartbeats answered since the previous line; {@code rttP50Ms}/{@code rttP99Ms}
 *                 their round-trip percentiles (NaN when absent)
 */
public record FleetStatus(long cameras, long online, long connecting, long handshakes, long resumedHandshakes,
                          long reconnects, long gaveUp, long rttCount, double rttP50Ms, double rttP99Ms,
                          long heapUsedBytes, long rssBytes, long openFiles) {

    public static final long ABSENT = -1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The status in {@code line}; empty when it is not a status line (a {@code ready} line, a log line, garbage). */
    public static Optional<FleetStatus> parse(String line) {
        JsonNode n = object(line);
        if (n == null || !"status".equals(n.path("type").asText())) {
            return Optional.empty();
        }
        JsonNode rtt = n.path("heartbeatRttMs");
        return Optional.of(new FleetStatus(number(n, "cameras"), number(n, "online"), number(n, "connecting"),
                number(n, "handshakes"), number(n, "resumedHandshakes"), number(n, "reconnects"), number(n, "gaveUp"),
                number(rtt, "count"), decimal(rtt, "p50"), decimal(rtt, "p99"), number(n, "heapUsedBytes"),
                number(n, "rssBytes"), number(n, "openFiles")));
    }

    /** True when {@code line} is the fleet's {@code {"type":"ready",…}} line. */
    public static boolean isReady(String line) {
        JsonNode n = object(line);
        return n != null && "ready".equals(n.path("type").asText());
    }

    private static JsonNode object(String line) {
        String s = line.strip();
        if (!s.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(s);
            return n != null && n.isObject() ? n : null;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static long number(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asLong() : ABSENT;
    }

    private static double decimal(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isNumber() ? v.asDouble() : Double.NaN;
    }
}
