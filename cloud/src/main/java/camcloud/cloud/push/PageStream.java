package camcloud.cloud.push;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One open page's {@code /api/push} stream: a bounded queue of ready-made SSE messages written with
 * the servlet's non-blocking output ({@link WriteListener}). An idle page holds no thread, only its
 * held-open request and this object; a page whose network is slow fills its queue and loses the
 * messages that do not fit (counted), and never blocks whoever pushes — the writes happen when Jetty
 * says the connection can take more ({@code isReady}/{@code onWritePossible}).
 *
 * <p>Thread-safe: messages come from the push hub's thread, write-possible calls from Jetty's; one
 * lock orders the writes.
 */
public final class PageStream {

    /** Messages a page may have waiting. */
    static final int QUEUE = 64;

    private final long userId;
    private final String token;
    private final ArrayBlockingQueue<byte[]> queue = new ArrayBlockingQueue<>(QUEUE);
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicLong dropped = new AtomicLong();
    private ServletOutputStream out;
    private boolean unflushed;

    PageStream(long userId, String token) {
        this.userId = userId;
        this.token = token;
    }

    public long userId() {
        return userId;
    }

    /** The session the page was opened with: the stream ends with it. */
    String token() {
        return token;
    }

    /** Completes when the stream has ended (signed out, closed by the browser, node stopping). */
    public CompletableFuture<Void> done() {
        return done;
    }

    /** Messages this page lost because it was too slow. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Starts writing to the held-open response (after the servlet request went asynchronous): what was
     * queued meanwhile is written first.
     */
    public void start(AsyncContext async, ServletOutputStream stream) {
        async.setTimeout(0);
        // Non-blocking from here on; pump() writes nothing until out is set, so no write can happen in
        // blocking mode, and the pump() after it sends what was queued meanwhile.
        stream.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                pump();
            }

            @Override
            public void onError(Throwable t) {
                end();
            }
        });
        synchronized (this) {
            out = stream;
        }
        pump();
    }

    /** Queues one message; false when it was dropped (queue full or stream ended). */
    boolean offer(byte[] message) {
        if (done.isDone()) {
            return false;
        }
        if (!queue.offer(message)) {
            dropped.incrementAndGet();
            return false;
        }
        pump();
        return true;
    }

    /** True when nothing waits to be written (a keep-alive is then worth sending). */
    boolean idle() {
        return queue.isEmpty();
    }

    /** Ends the stream: the held-open response completes. */
    public void end() {
        done.complete(null);
    }

    private synchronized void pump() {
        if (out == null || done.isDone()) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] next = queue.poll();
                if (next == null) {
                    if (!unflushed) {
                        return;
                    }
                    unflushed = false;
                    out.flush();
                    continue;
                }
                out.write(next);
                unflushed = true;
            }
        } catch (IOException | IllegalStateException e) {
            end(); // the browser went away
        }
    }
}
