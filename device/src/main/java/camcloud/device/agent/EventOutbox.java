package camcloud.device.agent;

import camcloud.protocol.Frame;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.Envelope;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Objects;

/**
 * The camera's events on their way to the cloud ({@value #CAPABILITY}): every {@link CameraEvent}
 * frame is kept until the cloud acknowledges it ({@code EventAck} of its id and phase) and sent again
 * on every new session until then, so an event raised while the network is down, or one the cloud
 * lost before storing it, still arrives (the cloud stores by id and phase, so a second copy is
 * harmless). A START carries its JPEG snapshot as the frame's payload.
 *
 * <p>Bounded, for a camera's small RAM: at most {@link #maxEvents} frames and {@link #maxBytes}
 * bytes of snapshots and headers; beyond that the oldest frame is dropped and counted
 * ({@link #dropped()}), the newest event being the one an owner wants.
 *
 * <p>Threads: everything runs on the agent's event loop; {@link #offer} may be called from any
 * thread and hops there. Writes go out through the session's {@code frameEncoder}, which releases
 * each payload: a wrapper around the snapshot array, which nothing changes, so the outbox keeps the
 * array for a resend.
 */
public final class EventOutbox {

    public static final String CAPABILITY = "events.v1";
    public static final int DEFAULT_MAX_EVENTS = 128;
    public static final long DEFAULT_MAX_BYTES = 1L << 20;

    private record Pending(CameraEvent event, byte[] snapshot, long bytes) {
    }

    private final EventLoop loop;
    private final int maxEvents;
    private final long maxBytes;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private long bytes;
    private volatile long dropped;
    private volatile long sent;
    private volatile int size;
    private Channel session;

    public EventOutbox(EventLoop loop, int maxEvents, long maxBytes) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1, was " + maxEvents);
        }
        if (maxBytes < 1024) {
            throw new IllegalArgumentException("maxBytes must be at least 1024, was " + maxBytes);
        }
        this.loop = Objects.requireNonNull(loop, "loop");
        this.maxEvents = maxEvents;
        this.maxBytes = maxBytes;
    }

    /** Queues an event frame and sends it at once when a session is up; any thread. */
    public void offer(CameraEvent event, byte[] snapshot) {
        byte[] payload = snapshot == null ? new byte[0] : snapshot;
        if (loop.inEventLoop()) {
            add(event, payload);
        } else {
            loop.execute(() -> add(event, payload));
        }
    }

    private void add(CameraEvent event, byte[] snapshot) {
        long frameBytes = snapshot.length + event.getSerializedSize() + 64L;
        if (frameBytes > maxBytes) {
            // A snapshot larger than the whole outbox: send the event without it.
            event = event.toBuilder().clearSnapshotType().build();
            snapshot = new byte[0];
            frameBytes = event.getSerializedSize() + 64L;
        }
        Pending p = new Pending(event, snapshot, frameBytes);
        pending.addLast(p);
        bytes += frameBytes;
        while (pending.size() > maxEvents || bytes > maxBytes) {
            Pending oldest = pending.removeFirst();
            bytes -= oldest.bytes();
            dropped++;
        }
        size = pending.size();
        if (pending.peekLast() == p && session != null && session.isActive()) {
            send(p);
            session.flush();
        }
    }

    /** A session may carry events: sends everything not yet acknowledged, oldest first. */
    void sessionStarted(Channel channel) {
        session = channel;
        for (Pending p : pending) {
            send(p);
        }
        channel.flush();
    }

    void sessionEnded(Channel channel) {
        if (session == channel) {
            session = null;
        }
    }

    /** The cloud stored {@code eventId}'s {@code phase}: forget that frame. */
    void acknowledged(String eventId, CameraEvent.Phase phase) {
        Iterator<Pending> it = pending.iterator();
        while (it.hasNext()) {
            Pending p = it.next();
            if (p.event().getEventId().equals(eventId) && p.event().getPhase() == phase) {
                it.remove();
                bytes -= p.bytes();
                break;
            }
        }
        size = pending.size();
    }

    private void send(Pending p) {
        Envelope envelope = Envelope.newBuilder().setCameraEvent(p.event()).build();
        session.write(p.snapshot().length == 0 ? Frame.of(envelope)
                : Frame.withPayload(envelope, Unpooled.wrappedBuffer(p.snapshot())));
        sent++;
    }

    /** Frames waiting for their acknowledgement. */
    public int pending() {
        return size;
    }

    /** Frames dropped, oldest first, because the outbox was full. */
    public long dropped() {
        return dropped;
    }

    /** Frames written to a session, resends included. */
    public long sent() {
        return sent;
    }
}
