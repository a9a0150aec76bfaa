package camcloud.device.uplink;

import camcloud.protocol.Frame;
import camcloud.protocol.FrameLimits;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.LiveDemand;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's video on its way to the cloud: ring → upload buffer → connection. Everything happens
 * on one event loop, the one the agent's connection is registered on, so there are no locks and no
 * thread per camera: a timer on that loop takes what the video application put in the ring every
 * {@code pollInterval} ({@link RingIntake}), numbers it into the {@link UploadBuffer}, and, while a
 * session that streams media is up ({@link UplinkHandler#acceptsMedia}) and the channel is writable,
 * sends it.
 *
 * <p>What goes on the wire, per session: a {@code StreamConfig} right after the Welcome, then every
 * unacknowledged unit in sequence order (resent ones keep their sequence numbers), a {@code MediaGap}
 * just before the first unit after each dropped run (so a run still growing is sent once, whole), a
 * new {@code StreamConfig} before the first unit of a new format, then new units as they arrive. Sending pauses while {@link Channel#isWritable()} is
 * false and resumes when the channel drains ({@link UplinkHandler} reports it), so the outbound
 * buffer never holds more than about the channel's high water mark plus one unit; the upload buffer
 * is where video waits, and it is bounded.
 *
 * <p><b>Events-only recording</b> ({@link #recordingMode}, {@link #eventActive}, the cloud's
 * {@code LiveDemand}): a {@link RecordingGate} routes each unit. With no event, units are held back
 * as pre-roll (the newest keyframe at or before now − pre-roll onwards) and older ones are dropped as
 * an idle run, reported to the cloud as a {@code MediaGap} of kind {@code GAP_KIND_IDLE} once it spans
 * {@link #IDLE_REPORT} (so sequence accounting stays whole and the timeline says "no event"). An event
 * sends what is held and everything live as the event clip until post-roll after its end. While the
 * cloud wants live video, units outside clips are sent with {@code live_only} (the cloud shows them,
 * does not record them, and acknowledges them). Times are the units' capture clock.
 *
 * <p>The uplink lives as long as the camera is powered on (one "boot"): sessions come and go, the
 * buffer and the sequence numbers stay.
 */
public final class MediaUplink implements AutoCloseable {

    /** The capability both sides announce to stream media (Hello and Welcome). */
    public static final String CAPABILITY = "media.v1";
    /** The capability a camera announces when it records events only on demand and takes {@code LiveDemand}. */
    public static final String EVENT_RECORDING_CAPABILITY = "event_recording.v1";
    /** An idle run is reported once it covers this much video (or when a unit follows it). */
    static final Duration IDLE_REPORT = Duration.ofSeconds(5);

    static final String REASON_RING_OVERRUN = "ring overrun: the agent fell behind the video application";
    static final String REASON_TOO_LARGE_FOR_A_FRAME = "unit larger than a protocol frame";
    /** The largest unit a frame carries, with room for its header. */
    static final int MAX_UNIT_BYTES = FrameLimits.DEFAULT.maxFrameBytes() - FrameLimits.PREFIX_BYTES
            - FrameLimits.MAX_HEADER_BYTES;
    private static final int MAX_UNITS_PER_TICK = 256;
    /** Below the gateway's default media budget of 200 frames/s: live video plus a steady upload. */
    public static final int DEFAULT_FRAMES_PER_SECOND = 150;

    private static final Logger log = LoggerFactory.getLogger(MediaUplink.class);

    private final Path ringFile;
    private final EventLoop loop;
    private final RingIntake intake;
    private final UploadBuffer buffer;
    private final StreamFormatProbe probe = new StreamFormatProbe();
    private final long pollMillis;
    private final SendBudget budget;
    private final RecordingGate gate = new RecordingGate();
    private long newestCaptureMicros = Long.MIN_VALUE;
    private final RingIntake.Sink sink = new RingIntake.Sink() {
        @Override
        public void unit(ByteBuf payload, boolean keyframe, long captureMicros, long wallMillis) {
            if (payload.readableBytes() > MAX_UNIT_BYTES) {
                payload.release(); // no frame can carry it: a gap, like a unit the ring lost
                buffer.lost(1, captureMicros + 1, REASON_TOO_LARGE_FOR_A_FRAME);
                return;
            }
            FormatSlot format = probe.observe(payload, keyframe, captureMicros);
            newestCaptureMicros = captureMicros;
            gate.admit(buffer, payload, keyframe, captureMicros, wallMillis, format);
        }

        @Override
        public void lost(long count, long nextCaptureMicros) {
            buffer.lost(count, nextCaptureMicros, REASON_RING_OVERRUN);
        }
    };

    private ScheduledFuture<?> ticker;
    private ChannelHandlerContext session;
    private StreamConfig lastSentConfig;
    private boolean closed;

    /**
     * @param ringFile     the ring the video application writes (it may not exist yet)
     * @param loop         the event loop of the agent's connections; all work happens on it
     * @param bufferBytes  bound of the upload buffer, in payload bytes
     * @param pollInterval how often the ring is looked at
     */
    public MediaUplink(Path ringFile, EventLoop loop, long bufferBytes, Duration pollInterval) {
        this(ringFile, loop, bufferBytes, pollInterval, DEFAULT_FRAMES_PER_SECOND);
    }

    /**
     * @param framesPerSecond most media frames sent per second (one second of burst), so uploading a
     *                        buffer after an outage stays within the cloud's per-camera media budget
     */
    public MediaUplink(Path ringFile, EventLoop loop, long bufferBytes, Duration pollInterval, int framesPerSecond) {
        this.ringFile = ringFile;
        this.loop = loop;
        this.intake = new RingIntake(ringFile, ByteBufAllocator.DEFAULT);
        this.buffer = new UploadBuffer(bufferBytes);
        this.pollMillis = Math.max(1, pollInterval.toMillis());
        this.budget = new SendBudget(framesPerSecond, System.nanoTime());
    }

    /** Starts taking video from the ring (and buffering it, connected or not). */
    public void start() {
        onLoop(() -> {
            if (!closed && ticker == null) {
                ticker = loop.scheduleAtFixedRate(this::tick, 0, pollMillis, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** The event loop the agent must register its connections on. */
    public EventLoop loop() {
        return loop;
    }

    /** Counters of this uplink; safe from any thread. */
    public UplinkStats stats() {
        if (loop.inEventLoop() || loop.isShuttingDown()) {
            return buffer.stats(intake.lostFrames());
        }
        try {
            return loop.submit(() -> buffer.stats(intake.lostFrames())).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading uplink counters", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read uplink counters: " + e, e);
        }
    }

    /**
     * True when the upload buffer holds video the cloud has not acknowledged: while the camera is
     * away that video waits in RAM and more piles up behind it, so the agent should be back soon.
     * Call on {@link #loop()}.
     */
    public boolean videoAtRisk() {
        return !closed && buffer.unacknowledged() > 0;
    }

    /**
     * Records continuously, or events only with this pre-roll (0..10 s) and post-roll (0..60 s)
     * (settings {@code recording.mode}, {@code recording.pre_roll_s}, {@code recording.post_roll_s}).
     * Bad values throw before anything changes, naming the setting. Any thread; applies on the loop.
     * Switching to continuous sends what was held at once.
     */
    public void recordingMode(RecordingMode mode, Duration preRoll, Duration postRoll) {
        RecordingGate.check(mode, preRoll, postRoll);
        onLoop(() -> {
            if (closed) {
                return;
            }
            gate.mode(buffer, mode, preRoll, postRoll);
            drain();
        });
    }

    /**
     * The camera's analytics say an event is on (any detector) or over. In events mode, the start
     * sends the held pre-roll and everything after it as the event's clip; the end lets the clip run
     * on for the post-roll. Any thread; applies on the loop, to the video read from the ring by then.
     */
    public void eventActive(boolean active) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            intake.drainInto(sink, MAX_UNITS_PER_TICK); // place the edge after the video captured until now
            gate.eventActive(buffer, active, newestCaptureMicros);
            drain();
        });
    }

    /** The recording mode now (for status). Call on {@link #loop()}. */
    public RecordingMode recordingMode() {
        return gate.mode();
    }

    /** Whether a session is streaming now. */
    public boolean streaming() {
        return session != null;
    }

    void tick() {
        if (closed) {
            return;
        }
        try {
            intake.drainInto(sink, MAX_UNITS_PER_TICK);
            drain();
        } catch (RuntimeException e) {
            // Never let it out: a periodic task that throws is never run again, and the camera would go blind.
            log.warn("video uplink of ring {}: {}", ringFile, e.toString());
        }
    }

    // ---- called by UplinkHandler ----

    /** A session that streams media began (after its Welcome): resend everything unacknowledged. */
    void sessionStarted(ChannelHandlerContext ctx) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            session = ctx;
            buffer.restartSession();
            lastSentConfig = null;
            StreamConfig latest = probe.latest();
            if (latest != null) {
                ctx.write(config(latest));
                lastSentConfig = latest;
            }
            drain();
            ctx.flush();
        });
    }

    void sessionEnded(ChannelHandlerContext ctx) {
        onLoop(() -> {
            if (session == ctx) {
                session = null;
                gate.liveWanted(false); // a new session's cloud says again if somebody watches
            }
        });
    }

    /** The cloud wants live video (somebody watches) or no longer does. */
    void liveDemand(LiveDemand demand) {
        onLoop(() -> {
            if (closed) {
                return;
            }
            gate.liveWanted(buffer, demand.getWanted(), newestCaptureMicros);
            drain();
        });
    }

    void acknowledged(long persistedSequence) {
        onLoop(() -> {
            if (!closed) {
                buffer.acknowledge(persistedSequence);
            }
        });
    }

    void writable() {
        onLoop(this::drain);
    }

    /** Sends what it can, in order, while the channel is writable. */
    private void drain() {
        ChannelHandlerContext ctx = session;
        if (ctx == null) {
            return;
        }
        Channel channel = ctx.channel();
        boolean pending = false;
        if (lastSentConfig == null && probe.latest() != null && channel.isActive()) {
            lastSentConfig = probe.latest(); // the cloud opens its sink on it: idle runs need one
            ctx.write(config(lastSentConfig));
            pending = true;
        }
        while (channel.isActive() && channel.isWritable()) {
            BufferedUnit next = buffer.nextUnsent();
            if (next == null) {
                DroppedRun idle = lastSentConfig == null ? null
                        : buffer.nextRipeIdleRun(IDLE_REPORT.toNanos() / 1000);
                if (idle != null) {
                    ctx.write(Frame.of(Envelope.newBuilder().setMediaGap(idle.toMessage()).build()));
                    idle.sent = true;
                    pending = true;
                    continue;
                }
                break; // a gap with no unit after it yet may still grow; it goes before the next unit
            }
            if (!budget.tryTake(System.nanoTime())) {
                break; // the next tick goes on
            }
            DroppedRun gap = buffer.nextUnsentGapBefore(next.sequence());
            if (gap != null) {
                ctx.write(Frame.of(Envelope.newBuilder().setMediaGap(gap.toMessage()).build()));
                gap.sent = true;
                pending = true;
                continue;
            }
            StreamConfig format = next.format().config();
            if (format == null) {
                break; // its frame rate is still being measured: the next unit completes it
            }
            if (!format.equals(lastSentConfig)) {
                ctx.write(config(format)); // configs are rare; they ride on the unit's token
                lastSentConfig = format;
            }
            MediaUnit.Builder unit = MediaUnit.newBuilder();
            if (next.clipFrom >= 0) {
                unit.setClipFromSequence(next.clipFrom);
            }
            ctx.write(Frame.withPayload(Envelope.newBuilder().setMediaUnit(unit
                    .setSequence(next.sequence())
                    .setCaptureMonotonicUs(next.captureMicros())
                    .setCaptureWallMs(next.wallMillis())
                    .setKeyframe(next.keyframe())
                    .setLiveOnly(next.liveOnly)
                    .setEventClip(next.eventClip)).build(), next.payload().retainedDuplicate()));
            buffer.markSent();
            ctx.flush(); // per unit, so writability reflects what is really queued
            pending = false;
        }
        if (pending) {
            ctx.flush();
        }
    }

    private static Frame config(StreamConfig config) {
        return Frame.of(Envelope.newBuilder().setStreamConfig(config).build());
    }

    private void onLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }

    /** Stops reading the ring and releases every buffered unit (what was not acknowledged is lost with the power). */
    @Override
    public void close() {
        Runnable stop = () -> {
            if (closed) {
                return;
            }
            closed = true;
            session = null;
            if (ticker != null) {
                ticker.cancel(false);
            }
            buffer.close();
            intake.close();
        };
        if (loop.inEventLoop() || loop.isShuttingDown()) {
            stop.run();
        } else {
            loop.submit(stop).awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }
}
