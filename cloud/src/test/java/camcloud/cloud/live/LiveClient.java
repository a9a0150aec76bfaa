package camcloud.cloud.live;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A live viewer as a browser would be one: a java.net.http WebSocket with the session cookie,
 * collecting every message (binary messages whole, with the wall-clock time the last byte arrived).
 */
public final class LiveClient implements AutoCloseable {

    /** One message: {@code text} or {@code binary}. */
    public record Message(String text, byte[] binary, long receivedMillis) {
        boolean isText() {
            return text != null;
        }
    }

    final List<Message> messages;
    private final WebSocket socket;
    private final Collector collector;

    private LiveClient(List<Message> messages, WebSocket socket, Collector collector) {
        this.messages = messages;
        this.socket = socket;
        this.collector = collector;
    }

    /** Connects; a refused upgrade is a {@link Refused} with the HTTP status. */
    public static LiveClient connect(String httpBase, String serial, String cookie) throws Refused {
        return connect(httpBase, serial, cookie, httpBase);
    }

    /** Connects as a page of {@code origin} would (null: without an {@code Origin} header). */
    public static LiveClient connect(String httpBase, String serial, String cookie, String origin) throws Refused {
        List<Message> messages = new CopyOnWriteArrayList<>();
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (origin != null) {
            b.header("Origin", origin);
        }
        URI uri = URI.create(httpBase.replace("http://", "ws://") + "/api/cameras/" + serial + "/live");
        try {
            Collector collector = new Collector(messages);
            return new LiveClient(messages, b.buildAsync(uri, collector).get(10, TimeUnit.SECONDS), collector);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException h) {
                throw new Refused(h.getResponse().statusCode());
            }
            throw new IllegalStateException(e);
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fragments and init segments received so far. */
    public int binaryCount() {
        return (int) messages.stream().filter(m -> !m.isText()).count();
    }

    /** The server's close code and reason, once it closed the stream (else null). */
    public String closedWith() {
        return collector.closed;
    }

    List<byte[]> binaries() {
        return messages.stream().filter(m -> !m.isText()).map(Message::binary).toList();
    }

    List<String> texts() {
        return messages.stream().filter(Message::isText).map(Message::text).toList();
    }

    /** Closes the socket from this side. */
    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS).exceptionally(t -> null);
        socket.abort();
    }

    /** The upgrade was answered with an HTTP status instead. */
    public static final class Refused extends Exception {
        public final int status;

        Refused(int status) {
            super("refused with HTTP " + status);
            this.status = status;
        }
    }

    private static final class Collector implements WebSocket.Listener {
        private final List<Message> out;
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();
        private volatile String closed;

        Collector(List<Message> out) {
            this.out = out;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                out.add(new Message(null, partial.toByteArray(), System.currentTimeMillis()));
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed = statusCode + " " + reason;
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            if (closed == null) {
                closed = "error " + error;
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                out.add(new Message(text.toString(), null, System.currentTimeMillis()));
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }
    }
}
