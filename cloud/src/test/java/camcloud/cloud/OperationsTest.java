package camcloud.cloud;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.cloud.health.DiskSpaceCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's view of a node from the outside: {@code GET /metrics} (Prometheus text, operator
 * token) whose values move as a virtual camera connects and streams, and {@code GET /health}, 200
 * when all is well and 503 naming what is not.
 */
class OperationsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestCloud cloud;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        cloud = TestCloud.start(dir);
    }

    @AfterEach
    void stop() {
        cloud.close();
    }

    @Test
    void metricsNeedTheOperatorTokenAndMoveWhenACameraStreams() throws Exception {
        assertThat(get("/metrics", null).statusCode()).isEqualTo(401);
        assertThat(get("/metrics", "not-the-token").statusCode()).isEqualTo(401);
        HttpResponse<String> first = get("/metrics", cloud.server().operatorToken());
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        Map<String, Double> before = parse(first.body());
        assertThat(before).containsEntry("camcloud_cameras_connected", 0.0)
                .containsEntry("camcloud_ingest_units_total", 0.0)
                .containsEntry("camcloud_gateway_handshakes_total{result=\"ok\",resumed=\"false\"}", 0.0)
                .containsEntry("camcloud_blocking_rejections_total{pool=\"cloud-blocking\"}", 0.0)
                .containsEntry("camcloud_eventloop_blocking_calls_total", 0.0)
                .containsKeys("camcloud_recorder_queue_units", "camcloud_recorder_units_dropped_total",
                        "camcloud_recorder_segments_written_total", "camcloud_live_viewers",
                        "camcloud_live_fragments_dropped_total", "camcloud_blocking_queued{pool=\"cloud-blocking\"}",
                        "camcloud_blocking_active{pool=\"cloud-blocking\"}", "process_files_open_files",
                        "process_files_max_files", "process_cpu_usage", "jvm_threads_live_threads");
        assertThat(before.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{"))
                .anyMatch(k -> k.startsWith("camcloud_db_work_seconds_count{")) // the database's timers
                .anyMatch(k -> k.startsWith("camcloud_store_")); // and the object store's, in the same registry
        assertThat(before.get("process_files_open_files")).isPositive();

        cloud.powerOnStreaming(cloud.provision().flash());

        assertThat(TestCloud.await(WAIT, () -> {
            Map<String, Double> now = scrape();
            return now.get("camcloud_cameras_connected") == 1.0
                    && now.get("camcloud_ingest_units_total") > 25
                    && now.get("camcloud_ingest_bytes_total") > 1000;
        })).isTrue();
        Map<String, Double> after = scrape();
        assertThat(after.get("camcloud_gateway_handshakes_total{result=\"ok\",resumed=\"false\"}")).isGreaterThanOrEqualTo(1.0);
        // provisioning and the Hello lookup ran on the pool
        assertThat(after.get("camcloud_blocking_completed_total{pool=\"cloud-blocking\"}")).isPositive();
        assertThat(after.get("camcloud_eventloop_blocking_calls_total")).isEqualTo(0.0);
    }

    @Test
    void healthIsOkWhenAllIsWellAndNamesTheDiskWhenItIsFull() throws Exception {
        JsonNode ok = health(200);
        assertThat(ok.get("status").asText()).isEqualTo("ok");
        for (String check : new String[] {"database", "store", "disk"}) {
            assertThat(ok.at("/checks/" + check + "/status").asText()).as(check).isEqualTo("ok");
        }

        cloud.server().health().register("disk", new DiskSpaceCheck(cloud.server().config().dataDir(), Long.MAX_VALUE));

        JsonNode full = health(503);
        assertThat(full.get("status").asText()).isEqualTo("down");
        assertThat(full.at("/checks/disk/status").asText()).isEqualTo("down");
        assertThat(full.at("/checks/disk/reason").asText()).contains("under the minimum");
        assertThat(full.at("/checks/database/status").asText()).isEqualTo("ok");
    }

    @Test
    void healthNamesTheStoreWhenItsDirectoryIsGone() throws Exception {
        health(200);
        deleteTree(((camcloud.cloud.storage.LocalObjectStore) cloud.server().videoStore()).root());

        JsonNode broken = health(503);
        assertThat(broken.at("/checks/store/status").asText()).isEqualTo("down");
        assertThat(broken.at("/checks/store/reason").asText()).contains("unreachable");
        assertThat(broken.at("/checks/database/status").asText()).isEqualTo("ok");
        assertThat(broken.toString()).doesNotContain(dir.toString()); // no paths, no addresses
    }

    @Test
    void healthNamesTheDatabaseWhenItDoesNotAnswer() throws Exception {
        health(200);
        cloud.server().database().close();

        JsonNode broken = health(503);
        assertThat(broken.at("/checks/database/status").asText()).isEqualTo("down");
        assertThat(broken.at("/checks/store/status").asText()).isEqualTo("ok");
    }

    /** The health report with {@code status}, once the cached one has made way for it. */
    private JsonNode health(int status) throws Exception {
        HttpResponse<String>[] last = new HttpResponse[1];
        boolean seen = TestCloud.await(WAIT, () -> {
            last[0] = get("/health", null);
            return last[0].statusCode() == status;
        });
        assertThat(seen).as("GET /health answered " + status + "; last: " + last[0].body()).isTrue();
        return JSON.readTree(last[0].body());
    }

    private Map<String, Double> scrape() {
        HttpResponse<String> r = get("/metrics", cloud.server().operatorToken());
        assertThat(r.statusCode()).isEqualTo(200);
        return parse(r.body());
    }

    /** Prometheus text: {@code name{labels} value} per line, comments skipped. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> values = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return values;
    }

    private HttpResponse<String> get(String path, String bearer) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(cloud.httpBase() + path)).timeout(WAIT);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
