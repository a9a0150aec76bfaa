package camcloud.cloud.event;

import camcloud.cloud.ingest.Rejection;
import camcloud.cloud.video.CameraTimeline;
import camcloud.cloud.work.BlockingPool;
import camcloud.protocol.Frame;
import camcloud.protocol.v1.CameraEvent;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.EventAck;
import camcloud.protocol.v1.Goodbye;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event part of one welcomed camera connection, behind {@code CameraSession} (which hands it every
 * {@code CameraEvent} frame): checks the frame ({@link EventFrameCheck}), places START and END on the
 * camera's timeline (the clock of its video, so an event plays the archive at its moment), copies a
 * good snapshot out of the frame, and has {@link EventService} store it on the gateway's blocking
 * executor, in order per camera. Once stored — or found stored already, for a frame the camera sends
 * again after a reconnect — the camera gets an {@link EventAck} and drops it.
 *
 * <p>A frame that can never be stored (bad strings or numbers, an END whose START this cloud does not
 * have) is acknowledged too, so the camera does not resend it forever; it is logged and counted, and
 * the connection and its video go on. A failure of the store is not acknowledged: the camera sends
 * the frame again after its next reconnect. At most {@link #MAX_IN_FLIGHT} frames of one connection
 * wait for the store; a camera that sends more is closed (rate limited). When the node's blocking pool
 * is full the frame is not stored (and not acknowledged) and the camera is told to retry later
 * ({@code Goodbye OVERLOADED}); it sends the frame again after it reconnects.
 *
 * <p>Ownership: {@link #accept} reads the frame's payload and never keeps or releases it (the session
 * releases the frame); a snapshot is copied. Runs on the connection's event loop; the store's answer
 * comes back on a blocking thread, which writes the ack ({@code Channel.writeAndFlush} is thread-safe).
 */
public final class EventIngest {

    private static final Logger log = LoggerFactory.getLogger(EventIngest.class);
    /** Event frames of one connection waiting for the database. */
    static final int MAX_IN_FLIGHT = 32;
    /** An event placed further back than this is placed at its arrival (a camera's clock gone wild). */
    private static final long MAX_AGE_MICROS = 30L * 86_400_000_000L;

    private final String serial;
    private final long bootId;
    private final CameraTimeline timeline;
    private final LongSupplier clockMicros;
    private final Channel channel;
    private final EventService service;
    private final Executor blocking;
    private final AtomicInteger inFlight = new AtomicInteger();
    private int refusalsLogged;
    private Consumer<Throwable> overloaded = rejection -> { };

    public EventIngest(String serial, long bootId, CameraTimeline timeline, LongSupplier clockMicros, Channel channel,
                       EventService service, Executor blocking) {
        this.serial = serial;
        this.bootId = bootId;
        this.timeline = timeline;
        this.clockMicros = clockMicros;
        this.channel = channel;
        this.service = service;
        this.blocking = blocking;
    }

    /**
     * Who hears that the blocking pool refused to store a frame after {@link #accept} had taken it
     * (the session says Goodbye OVERLOADED); a refusal at once is {@link #accept}'s own answer.
     */
    public EventIngest onOverload(Consumer<Throwable> listener) {
        this.overloaded = listener;
        return this;
    }

    /** True for the frames this class handles. */
    public static boolean carries(Envelope envelope) {
        return envelope.getBodyCase() == Envelope.BodyCase.CAMERA_EVENT;
    }

    /** Handles one event frame; empty when taken (stored later or refused), else why the connection must close. */
    public Optional<Rejection> accept(Frame frame) {
        CameraEvent e = frame.header().getCameraEvent();
        EventFrameCheck.Result checked = EventFrameCheck.check(e, frame.payload());
        if (!checked.accepted()) {
            refuse(e, checked.refusal());
            return Optional.empty();
        }
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            log.warn("camera {}: more than {} event frames waiting to be stored; closing", serial, MAX_IN_FLIGHT);
            return Optional.of(new Rejection(Goodbye.Reason.REASON_RATE_LIMITED,
                    "more than " + MAX_IN_FLIGHT + " events waiting to be stored"));
        }
        long now = clockMicros.getAsLong();
        long start = place(e.getStartMonotonicUs(), now);
        byte[] snapshot = null;
        if (checked.snapshotProblem() != null) {
            log.warn("camera {}: event {}: {}; stored without it", serial, EventText.clean(e.getEventId()),
                    checked.snapshotProblem());
        } else if (e.getPhase() == CameraEvent.Phase.PHASE_START && frame.payload().isReadable()) {
            snapshot = ByteBufUtil.getBytes(frame.payload());
        }
        long end = e.getPhase() == CameraEvent.Phase.PHASE_END ? place(e.getEndMonotonicUs(), now) : 0;
        byte[] picture = snapshot;
        CompletableFuture<Void> stored;
        try {
            stored = service.inOrder(serial, () -> store(e, start, end, picture), blocking);
        } catch (RejectedExecutionException full) {
            inFlight.decrementAndGet();
            log.debug("camera {}: event {} not stored, node overloaded; told to retry later", serial,
                    EventText.clean(e.getEventId()));
            return Optional.of(new Rejection(Goodbye.Reason.REASON_OVERLOADED, "retry later"));
        }
        stored.whenComplete((v, error) -> {
            inFlight.decrementAndGet();
            if (error != null && BlockingPool.isRejection(error)) {
                log.debug("camera {}: event {} not stored, node overloaded; told to retry later", serial,
                        EventText.clean(e.getEventId()));
                overloaded.accept(error);
            } else if (error != null) {
                log.warn("camera {}: could not store event {} ({}): {}; the camera sends it again later",
                        serial, EventText.clean(e.getEventId()), e.getPhase(), error.toString());
            }
        });
        return Optional.empty();
    }

    private void store(CameraEvent e, long start, long end, byte[] snapshot) {
        EventService.Outcome outcome;
        try {
            outcome = e.getPhase() == CameraEvent.Phase.PHASE_START
                    ? service.started(serial, e.getEventId(), e.getType(), e.getZone(), start, e.getScore(),
                            e.getDetailsMap(), snapshot)
                    : service.ended(serial, e.getEventId(), end, e.getScore(), e.getDetailsMap());
        } catch (java.io.IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        if (outcome == EventService.Outcome.NO_START) {
            channel.eventLoop().execute(() -> refuse(e, "END of an event whose START this cloud does not have"));
            return;
        }
        ack(e);
    }

    /** The event's moment on the cloud's timeline of the camera. */
    private long place(long monoMicros, long arrivalMicros) {
        long t = timeline.timeOf(bootId, monoMicros, arrivalMicros);
        return t < arrivalMicros - MAX_AGE_MICROS ? arrivalMicros : t;
    }

    /** On the event loop: logs (the first few per connection), counts, and acknowledges so the camera lets go. */
    private void refuse(CameraEvent e, String why) {
        service.refusedOne();
        if (refusalsLogged++ < 5) {
            log.warn("camera {}: event frame refused ({}): {}", serial, EventText.clean(e.getEventId()), why);
        }
        ack(e);
    }

    private void ack(CameraEvent e) {
        channel.writeAndFlush(Frame.of(Envelope.newBuilder().setEventAck(EventAck.newBuilder()
                .setEventId(e.getEventId()).setPhase(e.getPhase())).build()));
    }
}
