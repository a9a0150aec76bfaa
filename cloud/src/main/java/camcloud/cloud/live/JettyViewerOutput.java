package camcloud.cloud.live;

import java.nio.ByteBuffer;
import org.eclipse.jetty.websocket.api.BatchMode;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;

/**
 * A viewer's Jetty WebSocket session as a {@link ViewerOutput}: Jetty's non-blocking send with a
 * callback, batching off so every fragment leaves at once (latency before throughput). A message of
 * several parts goes out as one WebSocket message in partial frames, one per part, each sent when the
 * previous one completed: the parts are never joined into a copy.
 */
public final class JettyViewerOutput implements ViewerOutput {

    private final Session session;

    public JettyViewerOutput(Session session) {
        this.session = session;
        session.getRemote().setBatchMode(BatchMode.OFF);
    }

    @Override
    public void sendBinary(ByteBuffer[] parts, Done done) {
        if (parts.length == 1) {
            session.getRemote().sendBytes(parts[0], callback(done));
        } else {
            sendPart(parts, 0, done);
        }
    }

    private void sendPart(ByteBuffer[] parts, int i, Done done) {
        boolean last = i == parts.length - 1;
        session.getRemote().sendPartialBytes(parts[i], last, callback(failure -> {
            if (failure != null || last) {
                done.completed(failure);
            } else {
                sendPart(parts, i + 1, done);
            }
        }));
    }

    @Override
    public void sendText(String text, Done done) {
        session.getRemote().sendString(text, callback(done));
    }

    @Override
    public void close(int code, String reason) {
        session.close(code, reason);
    }

    private static WriteCallback callback(Done done) {
        return new WriteCallback() {
            @Override
            public void writeFailed(Throwable x) {
                done.completed(x);
            }

            @Override
            public void writeSuccess() {
                done.completed(null);
            }
        };
    }
}
