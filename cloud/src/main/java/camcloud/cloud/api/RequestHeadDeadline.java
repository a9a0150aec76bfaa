package camcloud.cloud.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes an HTTP/1.1 connection that takes too long to say what it wants: one that has been waiting
 * for a request head (request line and headers) at two checks {@code deadline} apart without
 * completing one in between — at most twice {@code deadline} — and a new connection that has not
 * completed its first request head within {@code deadline} (TLS handshake included, on the camera
 * port). Jetty's idle timeout alone does not stop a "slowloris" client: it restarts with every byte,
 * so a header trickled one byte every few seconds would hold a connection for ever. Jetty (like Go's
 * {@code ReadHeaderTimeout}) has no deadline of its own for the request head.
 *
 * <pre>{@code
 * connector.addEventListener(new RequestHeadDeadline(Duration.ofSeconds(10)));
 * }</pre>
 *
 * <p>Only waiting for a head is timed. A request being handled (a command waiting for the camera's
 * answer), a response being written (an export, a firmware download) and a connection upgraded to a
 * WebSocket (live video) are not: there the idle timeout applies, which only fires when nothing
 * moves. A keep-alive connection idle between requests counts as waiting and is closed after 1 to 2
 * deadlines; browsers open a new one when they need it.
 *
 * <p>One scheduled check per open connection, on the connector's scheduler; it stops by itself when
 * the connection closes or is upgraded.
 */
final class RequestHeadDeadline implements Connection.Listener {

    private static final Logger log = LoggerFactory.getLogger(RequestHeadDeadline.class);

    private final long deadlineMillis;

    RequestHeadDeadline(Duration deadline) {
        this.deadlineMillis = deadline.toMillis();
    }

    /** Adds the deadline and the idle timeout to {@code connector}; returns it. */
    static ServerConnector guard(ServerConnector connector, ApiLimits limits) {
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        connector.addEventListener(new RequestHeadDeadline(limits.requestHeadTimeout()));
        return connector;
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            new Watch(http).schedule();
        }
    }

    @Override
    public void onClosed(Connection connection) {
        // the watch sees the close at its next check
    }

    /** The checks of one connection; each runs on the scheduler thread after the previous one. */
    private final class Watch implements Runnable {
        private final HttpConnection http;
        /** Request heads completed on this connection when last checked. */
        private long heads;
        /** Whether it was waiting for a head when last checked: a new connection is. */
        private boolean waiting = true;

        Watch(HttpConnection http) {
            this.http = http;
        }

        void schedule() {
            http.getConnector().getScheduler().schedule(this, deadlineMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void run() {
            EndPoint endPoint = http.getEndPoint();
            if (!endPoint.isOpen() || endPoint.getConnection() != http) {
                return; // closed, or upgraded to a WebSocket
            }
            long headsNow = http.getMessagesIn();
            // START .. HEADER: no request is being handled, a head is awaited or half read
            boolean waitingNow = http.getParser().inHeaderState();
            if (waiting && waitingNow && headsNow == heads) {
                log.debug("closing {}: no complete request head within {} ms", endPoint.getRemoteSocketAddress(),
                        deadlineMillis);
                endPoint.close();
                return;
            }
            heads = headsNow;
            waiting = waitingNow;
            schedule();
        }
    }
}
