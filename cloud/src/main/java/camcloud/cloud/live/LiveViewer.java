package camcloud.cloud.live;

import java.util.ArrayDeque;

/**
 * One person watching one camera: a bounded queue of shared {@link LiveMessage}s in front of their
 * WebSocket, drained by non-blocking sends, one at a time.
 *
 * <p>Slow viewers: when {@code capacity} fragments are already waiting, the new fragment is dropped
 * and counted, and so is every fragment after it until the next keyframe, where the viewer
 * resumes (a decoder cannot start elsewhere); before that keyframe the viewer gets a
 * {@code {"type":"dropped","fragments":N}} status. Offering never blocks and never waits for the
 * network, so a slow viewer never slows the camera's event loop, the recorder or other viewers.
 * Init segments and status texts are never dropped; a viewer that lets {@link #MAX_CONTROL}
 * of them pile up is closed (1008).
 *
 * <p>Ownership: a queued message is retained by this viewer and released once its send completed
 * or failed, or when the queue is cleared; a message not queued (dropped) is never retained.
 *
 * <p>Thread-safe: {@link #offer} runs on the camera's event loop, completions on Jetty's threads.
 */
public final class LiveViewer {

    /** Status texts and init segments a stalled viewer may have waiting before it is closed. */
    static final int MAX_CONTROL = 32;

    private final ViewerOutput out;
    private final int capacity;
    private final ArrayDeque<LiveMessage> queue = new ArrayDeque<>();
    private int queuedFragments;
    private int queuedControl;
    private boolean needKeyframe = true;
    private boolean started;
    private boolean sending;
    private boolean inSend;
    private boolean completedInline;
    private boolean closed;
    private long dropped;
    private long droppedUnreported;
    private long sentFragments;
    /** The message being sent: released when its send completes. */
    private LiveMessage inFlight;

    /** @param capacity fragments that may wait for this viewer's socket, at least 1 */
    public LiveViewer(ViewerOutput out, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("viewer queue capacity must be at least 1, was " + capacity);
        }
        this.out = out;
        this.capacity = capacity;
    }

    /** Queues a message (or drops it, see the class comment) and starts sending if idle. Never blocks. */
    public void offer(LiveMessage message) {
        synchronized (this) {
            if (closed || !enqueue(message)) {
                return;
            }
            if (sending) {
                return;
            }
            sending = true;
        }
        pump();
    }

    /** Under the lock: true when the message was queued. */
    private boolean enqueue(LiveMessage message) {
        if (!message.fragment()) {
            if (++queuedControl > MAX_CONTROL) {
                closed = true;
                clearQueue();
                out.close(1008, "viewer too slow");
                return false;
            }
            if (message.binary() != null) {
                needKeyframe = true; // a new init segment: decoding restarts at a keyframe
            }
            queue.add(message.retain());
            return true;
        }
        if (needKeyframe && !message.keyframe() || queuedFragments >= capacity) {
            if (started) {
                dropped++;
                droppedUnreported++;
                needKeyframe = true;
            }
            return false;
        }
        needKeyframe = false;
        started = true;
        if (droppedUnreported > 0) {
            queue.add(LiveStatus.dropped(droppedUnreported));
            queuedControl++;
            droppedUnreported = 0;
        }
        queue.add(message.retain());
        queuedFragments++;
        return true;
    }

    /** Sends queued messages until the queue is empty or a send is in flight (its completion resumes). */
    private void pump() {
        while (true) {
            LiveMessage next;
            synchronized (this) {
                next = closed ? null : queue.poll();
                if (next == null) {
                    sending = false;
                    return;
                }
                if (next.fragment()) {
                    queuedFragments--;
                } else {
                    queuedControl--;
                }
                inSend = true;
                completedInline = false;
                inFlight = next;
            }
            try {
                if (next.isText()) {
                    out.sendText(next.text(), this::completed);
                } else {
                    out.sendBinary(next.binaryParts(), this::completed);
                }
            } catch (RuntimeException e) {
                completed(e);
            }
            synchronized (this) {
                inSend = false;
                if (!completedInline) {
                    return; // the asynchronous completion continues the pump
                }
            }
        }
    }

    private void completed(Throwable failure) {
        synchronized (this) {
            if (inFlight != null) {
                inFlight.release();
                inFlight = null;
            }
            if (failure != null) {
                closed = true;
                clearQueue();
            }
            if (inSend) {
                completedInline = true; // pump() loops on; no recursion
                return;
            }
        }
        pump();
    }

    /** Stops sending; what is queued is forgotten (a send in flight releases its message when it completes). */
    public synchronized void close() {
        closed = true;
        clearQueue();
    }

    /** Under the lock: lets go of every queued message. */
    private void clearQueue() {
        for (LiveMessage m : queue) {
            m.release();
        }
        queue.clear();
        queuedFragments = 0;
        queuedControl = 0;
    }

    /** Fragments this viewer missed because it was too slow. */
    public synchronized long dropped() {
        return dropped;
    }

    /** True once the socket failed or the viewer was closed. */
    public synchronized boolean isClosed() {
        return closed;
    }
}
