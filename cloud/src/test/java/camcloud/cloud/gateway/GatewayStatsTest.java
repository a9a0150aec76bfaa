package camcloud.cloud.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The gateway's counts are Micrometer meters as soon as a registry binds them, with what was counted before. */
class GatewayStatsTest {

    @Test
    void countsAppearInARegistryByReasonWithTheStrangersConnectedNow() {
        AtomicInteger now = new AtomicInteger(3);
        GatewayStats stats = new GatewayStats(now::get);
        stats.count(GatewayStats.Closed.NOT_TLS);
        stats.count(GatewayStats.Closed.NOT_TLS);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        stats.bindTo(registry);
        stats.count(GatewayStats.Closed.PER_ADDRESS_LIMIT);

        assertThat(registry.get("camcloud.gateway.strangers.closed").tag("reason", "not_tls").functionCounter()
                .count()).isEqualTo(2.0);
        assertThat(registry.get("camcloud.gateway.strangers.closed").tag("reason", "per_address_limit")
                .functionCounter().count()).isEqualTo(1.0);
        assertThat(registry.get("camcloud.gateway.strangers.closed").functionCounters())
                .hasSize(GatewayStats.Closed.values().length);
        assertThat(registry.get("camcloud.gateway.strangers").gauge().value()).isEqualTo(3.0);
        assertThat(stats.closed(GatewayStats.Closed.NOT_TLS)).isEqualTo(2);
    }
}
