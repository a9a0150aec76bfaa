package camcloud.cli.bench.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static final String SCRAPE = """
            # HELP camcloud_cameras_connected cameras connected to this node (welcomed sessions)
            # TYPE camcloud_cameras_connected gauge
            camcloud_cameras_connected 18000.0
            # TYPE camcloud_gateway_handshakes_total counter
            camcloud_gateway_handshakes_total{result="failed",} 3.0
            camcloud_gateway_handshakes_total{result="ok",resumed="false",} 100.0
            camcloud_gateway_handshakes_total{resumed="true",result="ok",} 900.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",} 1.2E7
            not a sample line
            broken{result="ok" 12
            """;

    @Test
    void samplesWhoseLabelsIncludeTheFilterAreSummedWhateverTheLabelOrder() {
        Metrics m = Metrics.parse(SCRAPE);

        assertThat(m.count("camcloud_cameras_connected")).isEqualTo(18_000);
        assertThat(m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok"))).hasValue(1000);
        assertThat(m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok", "resumed", "true"))).hasValue(900);
        assertThat(m.sum("jvm_memory_used_bytes", Map.of("area", "heap"))).hasValue(1.2e7);
    }

    @Test
    void aMeterTheNodeDoesNotHaveReadsAsAbsentNotZero() {
        Metrics m = Metrics.parse("camcloud_gateway_handshakes_total{result=\"ok\",} 5.0\n");

        assertThat(m.sum("camcloud_gateway_handshakes_total", Map.of("result", "ok", "resumed", "true"))).isEmpty();
        assertThat(m.count("camcloud_cameras_connected")).isZero();
    }
}
