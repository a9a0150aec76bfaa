package camcloud.cli.bench.host;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for processes the benchmarks start and that bind them later (a node keeps its ports for its
 * whole life, across restarts). A port from {@code new ServerSocket(0)} lies in the kernel's ephemeral
 * range, where any outgoing connection on the machine may take it before the process binds it (with
 * thousands of camera connections, one did). These come from below that range instead, where only
 * listeners live: free when handed out, never handed out twice by this JVM.
 */
public final class ListenPorts {

    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private ListenPorts() {
    }

    /** A loopback port nobody listens on now, below the ephemeral range. */
    public static int next() throws IOException {
        int below = ephemeralStart();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket probe = new ServerSocket()) {
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException taken) {
                // someone listens there: try another
            }
        }
        throw new IOException("no free port between " + LOWEST + " and " + below);
    }

    /** The first port of the kernel's ephemeral range (Linux; 32768 where it cannot be read). */
    private static int ephemeralStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
