package camcloud.cloud.engines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HAProxy fixture balances TCP over its backends and routes around one that is gone. */
class HaproxyTest {

    @Test
    void connectionsReachEveryBackendAndOnlyTheLiveOneOnceTheOtherIsGone(@TempDir Path dir) throws Exception {
        assumeTrue(Haproxy.shouldRun(), "no haproxy here");
        try (Backend one = new Backend('1'); Backend two = new Backend('2');
             Haproxy haproxy = Haproxy.start(dir, List.of(one.port(), two.port()))) {
            Set<Integer> seen = new HashSet<>();
            for (int i = 0; i < 20 && seen.size() < 2; i++) {
                seen.add(dial(haproxy.port()));
            }
            assertThat(seen).containsExactlyInAnyOrder((int) '1', (int) '2');

            two.close(); // refused from now on: redispatch or the health check keeps dials off it
            for (int i = 0; i < 10; i++) {
                assertThat(dial(haproxy.port())).isEqualTo('1');
            }
        }
    }

    private static int dial(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return s.getInputStream().read();
        }
    }

    /**
     * A TCP server that answers every connection with one byte naming itself. Once closed it answers
     * nobody: an accept already in the kernel when close() is called may still hand over a connection
     * (the listening socket lives until that accept returns), so that connection is dropped unanswered
     * and close() waits for the accept thread to end.
     */
    private static final class Backend implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0);
        private final Thread accept;
        private volatile boolean closed;

        Backend(char name) throws IOException {
            accept = new Thread(() -> {
                while (!closed) {
                    try (Socket s = server.accept()) {
                        if (!closed) {
                            s.getOutputStream().write(name);
                        }
                    } catch (IOException gone) {
                        if (closed) {
                            return;
                        }
                    }
                }
            }, "backend-" + name);
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            closed = true;
            server.close();
            try {
                accept.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
