package camcloud.cli.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.device.identity.CameraConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dead node's cameras spread over every survivor, not all onto the next node of one list. */
class FallbackOrdersTest {

    @Test
    void everyShareStartsAtHomeAndFallsBackToADifferentSurvivor() {
        List<CameraConfig> orders = BenchCluster.fallbackOrders("127.0.0.1:1,127.0.0.1:2,127.0.0.1:3,127.0.0.1:4");

        assertThat(orders).hasSize(3);
        assertThat(orders).allSatisfy(o -> {
            assertThat(o.gateways()).hasSize(4);
            assertThat(o.gateways().get(0).port()).isEqualTo(1);
            assertThat(o.gateways()).extracting(g -> g.port()).containsExactlyInAnyOrder(1, 2, 3, 4);
        });
        assertThat(orders).extracting(o -> o.gateways().get(1).port()).containsExactlyInAnyOrder(2, 3, 4);
    }

    @Test
    void withTwoNodesThereIsOneOrder() {
        assertThat(BenchCluster.fallbackOrders("127.0.0.1:1,127.0.0.1:2")).singleElement()
                .satisfies(o -> assertThat(o.gateways()).extracting(g -> g.port()).containsExactly(1, 2));
    }
}
