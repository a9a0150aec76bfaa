package camcloud.cloud.cluster.relay;

import camcloud.cloud.cluster.NodeAddress;
import camcloud.cloud.live.LiveHub;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One relay link's receiving end: reads {@link RelayWire} messages from the camera's node and feeds
 * them to this node's live hub as a camera session would (format, units; {@code offline} ends the
 * session, the next format opens a new one). One message at a time: the next is requested only after
 * this one was handed on, so nothing piles up here. Messages from the other node are checked like
 * any bytes from the network: a malformed or oversized one ends the link.
 */
abstract class RelayReceiver implements WebSocket.Listener {

    private static final Logger log = LoggerFactory.getLogger(RelayReceiver.class);
    private static final PersistedAcks NO_ACKS = sequence -> { };
    private static final int MAX_TEXT = 1024;

    private final String serial;
    private final NodeAddress node;
    private final LiveHub hub;
    private final int maxMessage;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private final StringBuilder text = new StringBuilder();
    private volatile long lastHeard = System.nanoTime();
    private volatile boolean healthy;
    private WebSocket socket;
    private VideoSink sink;
    private boolean closed;

    RelayReceiver(String serial, NodeAddress node, LiveHub hub, int maxMessage) {
        this.serial = serial;
        this.node = node;
        this.hub = hub;
        this.maxMessage = maxMessage;
    }

    /** The link ended from the other side or broke (not after {@link #close}). */
    protected abstract void ended(String why);

    NodeAddress node() {
        return node;
    }

    /** True once a unit came over this link. */
    boolean healthy() {
        return healthy;
    }

    synchronized boolean open() {
        return socket != null && !closed;
    }

    long silentSince(long now) {
        return now - lastHeard;
    }

    /** The WebSocket opened (or opened too late, after {@link #close}). */
    void opened(WebSocket ws) {
        synchronized (this) {
            if (!closed) {
                socket = ws;
                log.info("relaying camera {} from node {}", serial, node.nodeId());
                return;
            }
        }
        ws.abort();
    }

    /** Closes from this side (no viewers left here); the hub's session ends. */
    void close() {
        WebSocket ws;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            endSession();
            ws = socket;
        }
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "no viewers left").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((x, e) -> ws.abort());
        }
    }

    /** Ends the link because of {@code why} (it broke, or sent nonsense). */
    void fail(String why) {
        WebSocket ws;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            endSession();
            ws = socket;
        }
        if (ws != null) {
            ws.abort();
        }
        ended(why);
    }

    @Override
    public void onOpen(WebSocket ws) {
        ws.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
        lastHeard = System.nanoTime();
        if (partial.size() + data.remaining() > maxMessage) {
            fail("message over " + maxMessage + " bytes");
            return null;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        partial.writeBytes(chunk);
        if (last) {
            byte[] message = partial.toByteArray();
            partial.reset();
            try {
                handle(message);
            } catch (IllegalArgumentException e) {
                fail("bad message: " + e.getMessage());
                return null;
            }
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        lastHeard = System.nanoTime();
        if (text.length() + data.length() > MAX_TEXT) {
            fail("status text over " + MAX_TEXT + " characters");
            return null;
        }
        text.append(data);
        if (last) {
            String status = text.toString();
            text.setLength(0);
            if (status.contains("\"offline\"")) {
                synchronized (this) {
                    endSession(); // the camera's session there ended; it may come back on that node
                }
            } // "dropped": this link was slow there; the next unit is a keyframe, the hub starts again at it
        }
        ws.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
        lastHeard = System.nanoTime();
        return WebSocket.Listener.super.onPing(ws, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
        fail("closed by the node: " + statusCode + (reason.isEmpty() ? "" : " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
        fail("broke: " + error);
    }

    private synchronized void handle(byte[] message) {
        if (closed || message.length == 0) {
            return;
        }
        if (message[0] == RelayWire.FORMAT) {
            var format = RelayWire.readFormat(ByteBuffer.wrap(message));
            if (sink == null) {
                sink = hub.open(serial, 0, NO_ACKS);
            }
            sink.format(format);
        } else if (message[0] == RelayWire.UNIT) {
            TimedUnit unit = RelayWire.readUnit(message);
            try {
                if (sink != null) {
                    sink.unit(unit);
                    healthy = true;
                }
            } finally {
                unit.release();
            }
        } else {
            throw new IllegalArgumentException("unknown message type " + message[0]);
        }
    }

    /** Under the lock: the hub's session of this link ends (its viewers see the camera offline). */
    private void endSession() {
        if (sink != null) {
            sink.closed();
            sink = null;
        }
    }
}
