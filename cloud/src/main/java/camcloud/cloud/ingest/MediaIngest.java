package camcloud.cloud.ingest;

import camcloud.cloud.video.CameraTimeline;
import camcloud.cloud.video.LiveDemands;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.Placement;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoSink;
import camcloud.media.h264.NalIndex;
import camcloud.protocol.Frame;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.GapKind;
import camcloud.protocol.v1.LiveDemand;
import camcloud.protocol.v1.Goodbye;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.MediaAck;
import camcloud.protocol.v1.MediaGap;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media part of one camera connection, behind {@code CameraSession} (which delegates every
 * StreamConfig, MediaUnit and MediaGap frame here once the camera is welcomed):
 * <ul>
 *   <li>StreamConfig → validated ({@link StreamConfigCheck}) → opens the camera's {@link VideoSink}
 *       on the first one → {@code sink.format(...)} when it changes;</li>
 *   <li>MediaUnit → budget, stream configured, payload scanned once, in place ({@link NalIndex}, carried on),
 *       sequence increasing → placed on the camera's {@link CameraTimeline} → a {@link TimedUnit}
 *       holding a retained slice of the frame's payload (never a copy) → the sink;</li>
 *   <li>MediaGap → a gap on the timeline; an idle one ({@code GAP_KIND_IDLE}: a camera that records
 *       events only and had none) → {@code sink.idle(...)}, reason {@value #IDLE_REASON};</li>
 *   <li>{@code live_only} and {@code event_clip} units travel with the unit to the sinks (the
 *       recorder skips and acknowledges the first, marks segments of the second);</li>
 *   <li>a camera announcing {@value #EVENT_RECORDING_CAPABILITY} is told by {@code LiveDemand} when its
 *       first live viewer arrives and its last leaves;</li>
 *   <li>the recorder's persisted acknowledgements → MediaAck frames on this channel.</li>
 * </ul>
 * Bad media is data, not an exception: {@link #accept} returns a {@link Rejection}, logged here with
 * the camera's serial, and the session closes only this connection.
 *
 * <p>Ownership: {@link #accept} never releases or keeps the frame (the session releases it); the
 * TimedUnit it creates owns a retained slice and is released here after the sink has had it (a sink
 * that keeps it retains it). Runs on the connection's event loop; acks may come from any thread
 * ({@code Channel.writeAndFlush} is thread-safe).
 */
public final class MediaIngest {

    private static final Logger log = LoggerFactory.getLogger(MediaIngest.class);
    /** Cameras with it take {@code LiveDemand}: they record events only and send live video on demand. */
    public static final String EVENT_RECORDING_CAPABILITY = "event_recording.v1";
    /** The gap reason of video a camera did not send because it records events only and had none. */
    public static final String IDLE_REASON = "idle";

    private final String serial;
    private final long bootId;
    private final Channel channel;
    private final IngestServices services;
    private final CameraTimeline timeline;
    private final MediaBudget budget;
    private final LiveDemands.Following liveDemand;
    /** Ends the connection from any thread (the recorder is overloaded); a no-op when not given. */
    private final java.util.function.Consumer<Rejection> closer;
    /** Set when the recorder said it is overloaded: units are no longer taken (the camera resends them later). */
    private volatile boolean refused;

    private VideoSink sink;
    private StreamFormat format;
    private int streamId;
    private long lastSequence = -1;
    private long duplicates;

    /**
     * @param hello             the session's Hello (boot, and the camera's clock reading when it sent it)
     * @param helloArrivalMicros cloud time when the Hello arrived
     */
    public MediaIngest(String serial, Hello hello, long helloArrivalMicros, Channel channel, IngestServices services) {
        this(serial, hello, helloArrivalMicros, channel, services, rejection -> channel.close());
    }

    /** @param closer ends the connection with the rejection's Goodbye (called from any thread) */
    public MediaIngest(String serial, Hello hello, long helloArrivalMicros, Channel channel, IngestServices services,
                       java.util.function.Consumer<Rejection> closer) {
        this.closer = closer;
        this.serial = serial;
        this.bootId = hello.getBootId();
        this.channel = channel;
        this.services = services;
        this.timeline = services.timelines().of(serial);
        if (hello.hasMonotonicUs()) {
            timeline.clockReading(bootId, hello.getMonotonicUs(), helloArrivalMicros);
        }
        this.budget = new MediaBudget(services.limits().framesPerSecond(), services.limits().bytesPerSecond(),
                System.nanoTime());
        this.liveDemand = hello.getCapabilitiesList().contains(EVENT_RECORDING_CAPABILITY)
                ? services.demands().follow(serial, this::tellLiveDemand) : null;
    }

    /** Queued on the connection's loop, so the first one goes out after the Welcome being written now. */
    private void tellLiveDemand(boolean wanted) {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(Frame.of(Envelope.newBuilder().setLiveDemand(LiveDemand.newBuilder()
                        .setStreamId(streamId).setWanted(wanted)).build()));
            }
        });
    }

    /** True for the frames this class handles. */
    public static boolean carries(Envelope envelope) {
        return switch (envelope.getBodyCase()) {
            case STREAM_CONFIG, MEDIA_UNIT, MEDIA_GAP -> true;
            default -> false;
        };
    }

    /** Handles one media frame; empty when accepted, else why the connection must close. */
    public Optional<Rejection> accept(Frame frame) {
        int size = frame.payload().readableBytes();
        if (!budget.tryAcquire(size, System.nanoTime())) {
            log.warn("camera {}: over its media budget ({} frames/s, {} bytes/s), closing", serial,
                    services.limits().framesPerSecond(), services.limits().bytesPerSecond());
            return Optional.of(new Rejection(Goodbye.Reason.REASON_RATE_LIMITED, "media over budget: at most "
                    + services.limits().framesPerSecond() + " frames/s and " + services.limits().bytesPerSecond()
                    + " bytes/s"));
        }
        Envelope envelope = frame.header();
        return switch (envelope.getBodyCase()) {
            case STREAM_CONFIG -> onConfig(envelope.getStreamConfig());
            case MEDIA_UNIT -> onUnit(envelope.getMediaUnit(), frame.payload());
            case MEDIA_GAP -> onGap(envelope.getMediaGap());
            default -> Optional.empty();
        };
    }

    /** The connection ended. */
    public void closed() {
        if (liveDemand != null) {
            liveDemand.stop();
        }
        if (sink != null) {
            sink.closed();
        }
        if (duplicates > 0) {
            log.info("camera {}: skipped {} units it had already sent in this boot", serial, duplicates);
        }
    }

    private Optional<Rejection> onConfig(StreamConfig config) {
        StreamConfigCheck.Result checked = StreamConfigCheck.check(config);
        if (checked.error() != null) {
            return reject("bad StreamConfig: " + checked.error());
        }
        if (sink == null) {
            sink = services.hub().open(serial, bootId, new PersistedAcks() {
                @Override
                public void persisted(long sequence) {
                    ack(sequence);
                }

                @Override
                public void overloaded(String detail) {
                    refuse(detail);
                }
            });
        }
        streamId = config.getStreamId();
        if (!checked.format().sameAs(format)) {
            format = checked.format();
            sink.format(format);
        }
        return Optional.empty();
    }

    private Optional<Rejection> onUnit(MediaUnit unit, ByteBuf payload) {
        if (format == null) {
            return reject("MediaUnit before StreamConfig");
        }
        if (unit.getStreamId() != streamId) {
            return reject("MediaUnit for stream " + unit.getStreamId() + ", but stream " + streamId
                    + " is the one configured");
        }
        NalIndex scan = NalIndex.scan(payload);
        if (scan.error() != null) {
            return reject("corrupt H.264 in unit " + unit.getSequence() + ": " + scan.error());
        }
        if (unit.getLiveOnly() && unit.getEventClip()) {
            return reject("unit " + unit.getSequence() + " is both live only and part of an event clip");
        }
        if (unit.hasClipFromSequence() && (!unit.getEventClip() || unit.getClipFromSequence() >= unit.getSequence())) {
            return reject("unit " + unit.getSequence() + " names clip start " + unit.getClipFromSequence()
                    + ", which must be an earlier unit of an event clip");
        }
        if (refused) {
            return Optional.empty(); // not placed, not acknowledged: the camera resends it when it comes back
        }
        if (unit.getSequence() <= lastSequence) {
            return reject("unit sequence " + unit.getSequence() + " is not above the previous " + lastSequence);
        }
        lastSequence = unit.getSequence();
        long now = services.clockMicros().getAsLong();
        Placement placed = timeline.place(bootId, unit.getSequence(), unit.getCaptureMonotonicUs(), now);
        if (placed.duplicate()) {
            duplicates++;
            return Optional.empty();
        }
        if (placed.discontinuity()) {
            sink.gap(placed.gapFromMicros(), placed.timeMicros(), placed.reason());
        }
        TimedUnit timed = new TimedUnit(unit.getSequence(), placed.timeMicros(), unit.getCaptureWallMs(),
                scan.keyframe(), placed.discontinuity(), payload.retainedSlice(), scan, unit.getLiveOnly(),
                unit.getEventClip(),
                unit.hasClipFromSequence() ? unit.getClipFromSequence() : -1);
        try {
            sink.unit(timed);
        } finally {
            timed.release();
        }
        return Optional.empty();
    }

    private Optional<Rejection> onGap(MediaGap gap) {
        if (gap.getLastSequence() < gap.getFirstSequence()) {
            return reject("MediaGap with last sequence " + gap.getLastSequence() + " before first "
                    + gap.getFirstSequence());
        }
        if (gap.getKind() == GapKind.GAP_KIND_IDLE) {
            long[] range = timeline.dropped(bootId, gap.getFirstCaptureMonotonicUs(), gap.getLastCaptureMonotonicUs(),
                    IDLE_REASON);
            if (sink != null) {
                sink.idle(range == null ? Long.MIN_VALUE : range[0], range == null ? Long.MIN_VALUE : range[1],
                        gap.getLastSequence());
            }
            return Optional.empty();
        }
        String reason = "camera dropped units " + gap.getFirstSequence() + ".." + gap.getLastSequence()
                + (gap.getReason().isEmpty() ? "" : ": " + CameraText.clean(gap.getReason()));
        log.info("camera {}: {}", serial, reason);
        long[] range = timeline.dropped(bootId, gap.getFirstCaptureMonotonicUs(), gap.getLastCaptureMonotonicUs(),
                reason);
        if (range != null && sink != null) {
            sink.gap(range[0], range[1], reason);
        }
        return Optional.empty();
    }

    private void refuse(String detail) {
        if (refused) {
            return;
        }
        refused = true;
        log.warn("camera {}: {}; telling it to retry later", serial, detail);
        closer.accept(new Rejection(Goodbye.Reason.REASON_OVERLOADED, detail));
    }

    private void ack(long sequence) {
        channel.writeAndFlush(Frame.of(Envelope.newBuilder().setMediaAck(MediaAck.newBuilder()
                .setStreamId(streamId).setPersistedSequence(sequence)).build()));
    }

    private Optional<Rejection> reject(String detail) {
        log.warn("camera {}: {}; closing its connection", serial, detail);
        return Optional.of(new Rejection(Goodbye.Reason.REASON_PROTOCOL_ERROR, detail));
    }
}
