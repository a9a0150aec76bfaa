package camcloud.cli.bench.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FleetStatusTest {

    @Test
    void aFullStatusLineGivesEveryFigure() {
        FleetStatus s = FleetStatus.parse("{\"type\":\"status\",\"cameras\":18000,\"online\":17990,\"connecting\":10,"
                + "\"handshakes\":18100,\"resumedHandshakes\":90,\"reconnects\":100,\"gaveUp\":0,"
                + "\"heartbeatRttMs\":{\"count\":600,\"p50\":1.5,\"p99\":12.25},\"heapUsedBytes\":1000,"
                + "\"rssBytes\":2000,\"openFiles\":18050}").orElseThrow();

        assertThat(s).isEqualTo(new FleetStatus(18000, 17990, 10, 18100, 90, 100, 0, 600, 1.5, 12.25, 1000, 2000, 18050));
    }

    @Test
    void fieldsAFleetDoesNotPrintReadAsAbsent() {
        FleetStatus s = FleetStatus.parse("{\"type\":\"status\",\"cameras\":20,\"online\":\"many\"}").orElseThrow();

        assertThat(s.cameras()).isEqualTo(20);
        assertThat(s.online()).isEqualTo(FleetStatus.ABSENT);
        assertThat(s.gaveUp()).isEqualTo(FleetStatus.ABSENT);
        assertThat(s.rttP50Ms()).isNaN();
    }

    @Test
    void readyLinesLogLinesAndGarbageAreNotStatuses() {
        assertThat(FleetStatus.parse("{\"type\":\"ready\",\"cameras\":20}")).isEmpty();
        assertThat(FleetStatus.isReady("{\"type\":\"ready\",\"cameras\":20}")).isTrue();
        assertThat(FleetStatus.parse("12:00:01 INFO agent connected")).isEmpty();
        assertThat(FleetStatus.parse("{\"type\":\"status\",")).isEmpty();
        assertThat(FleetStatus.parse("[1,2]")).isEmpty();
    }
}
