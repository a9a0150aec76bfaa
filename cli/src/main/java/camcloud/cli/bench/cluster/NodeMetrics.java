package camcloud.cli.bench.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * A node's figures as its operator sees them: {@code GET /metrics} with the operator token of its
 * data directory. Only the meters the fleet benchmarks read are named here.
 */
public final class NodeMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A node's counters at one moment. {@code resumedOk} is empty when the node does not tag handshakes with {@code resumed}. */
    public record Snapshot(long connected, long handshakesOk, OptionalDouble resumedOk) {
    }

    private NodeMetrics() {
    }

    public static Snapshot scrape(NodeProcess node) throws IOException, InterruptedException {
        String token = Files.readString(node.dataDir().resolve("operator-token")).strip();
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.httpBase() + "/metrics"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(node.id() + " /metrics answered " + response.statusCode());
        }
        Metrics m = Metrics.parse(response.body());
        return new Snapshot(m.count("camcloud_cameras_connected"),
                (long) m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok")).orElse(0),
                m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok", "resumed", "true")));
    }
}
