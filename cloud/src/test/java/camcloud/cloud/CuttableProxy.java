package camcloud.cloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP proxy between virtual cameras and a gateway that a test can <em>cut</em>, as a network
 * outage would: {@link #cut(Duration)} resets every connection through it at once and, for that long,
 * resets every new connection as soon as it is accepted (the camera's dial fails at once, as it does
 * when its uplink is down). After the cut it forwards again. The bytes themselves are copied as they
 * are (TLS passes through untouched).
 *
 * <p>Threads: one acceptor, and two copying threads per connection (daemons); fine for the handful of
 * cameras a test runs.
 */
public final class CuttableProxy implements AutoCloseable {

    private final ServerSocket listener;
    private volatile InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private volatile long cutUntilNanos = System.nanoTime();
    private volatile boolean closed;

    private CuttableProxy(ServerSocket listener, InetSocketAddress target) {
        this.listener = listener;
        this.target = target;
    }

    /** A proxy on a free loopback port that forwards to {@code targetPort} on loopback. */
    public static CuttableProxy start(int targetPort) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CuttableProxy proxy = new CuttableProxy(listener, new InetSocketAddress(InetAddress.getLoopbackAddress(),
                targetPort));
        Thread acceptor = new Thread(proxy::acceptLoop, "proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** The port cameras dial. */
    public int port() {
        return listener.getLocalPort();
    }

    /** Forwards new connections to {@code targetPort} on loopback from now on (a camera moving to another node). */
    public void forwardTo(int targetPort) {
        target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    }

    /** Resets every connection now and refuses new ones for {@code length}; returns at once. */
    public void cut(Duration length) {
        cutUntilNanos = System.nanoTime() + length.toNanos();
        for (Link link : links) {
            link.reset();
        }
    }

    /** True while a cut lasts. */
    public boolean isCut() {
        return System.nanoTime() - cutUntilNanos < 0;
    }

    /** When the current (or last) cut ends, on the {@link System#nanoTime()} clock. */
    public long cutEndsAtNanos() {
        return cutUntilNanos;
    }

    /** Connections forwarded now. */
    public int connections() {
        return links.size();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket camera;
            try {
                camera = listener.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (isCut()) {
                resetQuietly(camera);
                continue;
            }
            Socket gateway = new Socket();
            try {
                gateway.connect(target, 5_000);
            } catch (IOException e) {
                resetQuietly(camera);
                resetQuietly(gateway);
                continue;
            }
            Link link = new Link(camera, gateway);
            links.add(link);
            if (isCut()) { // a cut began while this one was being set up
                link.reset();
                continue;
            }
            link.start();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Link link : links) {
            link.reset();
        }
    }

    private static void resetQuietly(Socket socket) {
        try {
            socket.setSoLinger(true, 0); // RST, as a dropped network path finally reports
        } catch (SocketException ignored) {
            // not connected: closing is all there is to do
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone already
        }
    }

    /** One camera connection and its gateway connection, copied both ways. */
    private final class Link {
        private final Socket camera;
        private final Socket gateway;
        private final AtomicInteger directionsOpen = new AtomicInteger(2);

        Link(Socket camera, Socket gateway) {
            this.camera = camera;
            this.gateway = gateway;
        }

        void start() {
            pump(camera, gateway, "up");
            pump(gateway, camera, "down");
        }

        private void pump(Socket from, Socket to, String direction) {
            Thread t = new Thread(() -> {
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = from.getInputStream()) {
                    OutputStream out = to.getOutputStream();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        out.write(buffer, 0, n);
                    }
                    to.shutdownOutput(); // a clean close travels on as one
                    if (directionsOpen.decrementAndGet() == 0) {
                        links.remove(this);
                        from.close();
                        to.close();
                    }
                } catch (IOException e) {
                    reset();
                }
            }, "proxy-" + direction + "-" + from.getPort());
            t.setDaemon(true);
            t.start();
        }

        void reset() {
            links.remove(this);
            resetQuietly(camera);
            resetQuietly(gateway);
        }
    }
}
