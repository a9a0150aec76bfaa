package camcloud.fleet;

import camcloud.device.agent.AgentMeters;
import java.util.Locale;

/**
 * One status line of a fleet process: its cameras, their agents' counters (totals since power-on),
 * the heartbeat round trips since the previous line, and what the process costs now.
 *
 * @param connecting     cameras whose agent runs but is not online
 * @param gaveUp         cameras that stopped trying (a reboot that failed)
 * @param heapUsedBytes  heap in use now (not after a GC)
 * @param rssBytes       resident memory of the process ({@code VmRSS}), -1 when unknown
 * @param openFiles      descriptors the process holds, -1 when unknown
 */
public record FleetStatus(int cameras, long online, long connecting, long handshakes, long resumedHandshakes,
                          long reconnects, long gaveUp, AgentMeters.RoundTrips heartbeatRoundTrips,
                          long heapUsedBytes, long rssBytes, long openFiles) {

    /** The line {@code ./camcloud fleet --json} prints (field names as the fleet benches read them). */
    public String toJson() {
        return String.format(Locale.ROOT, "{\"type\":\"status\",\"cameras\":%d,\"online\":%d,\"connecting\":%d,"
                        + "\"handshakes\":%d,\"resumedHandshakes\":%d,\"reconnects\":%d,\"gaveUp\":%d,"
                        + "\"heartbeatRttMs\":{\"count\":%d,\"p50\":%.3f,\"p99\":%.3f},"
                        + "\"heapUsedBytes\":%d,\"rssBytes\":%d,\"openFiles\":%d}",
                cameras, online, connecting, handshakes, resumedHandshakes, reconnects, gaveUp,
                heartbeatRoundTrips.count(), heartbeatRoundTrips.quantileMillis(0.5),
                heartbeatRoundTrips.quantileMillis(0.99), heapUsedBytes, rssBytes, openFiles);
    }

    /** The same for a person reading the terminal. */
    public String toText() {
        return String.format(Locale.ROOT, "%d/%d online, %d connecting, %d gave up; handshakes %d (%d resumed), "
                        + "reconnects %d; heartbeat RTT p50 %.2f ms p99 %.2f ms (%d); heap %d MiB, RSS %d MiB, %d files",
                online, cameras, connecting, gaveUp, handshakes, resumedHandshakes, reconnects,
                heartbeatRoundTrips.quantileMillis(0.5), heartbeatRoundTrips.quantileMillis(0.99),
                heartbeatRoundTrips.count(), heapUsedBytes >> 20, rssBytes >> 20, openFiles);
    }
}
