package camcloud.cli.bench.ingest;

import camcloud.device.identity.CameraIdentity;
import camcloud.device.video.FileVideoSource;
import camcloud.protocol.Frame;
import camcloud.protocol.ProtocolVersion;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.Hello;
import camcloud.protocol.v1.MediaUnit;
import camcloud.protocol.v1.StreamConfig;
import com.google.protobuf.ByteString;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One bench camera, last in its client pipeline:
 * {@code pipeline.addLast(ssl, new FrameDecoder(..), new FrameEncoder(..), new BenchCamera(..))}.
 * It says Hello, sends its stream configuration once welcomed, and once told {@link #GO} sends the
 * clip's access units, looped, with fresh sequence numbers and capture times, in one of two paces:
 *
 * <ul>
 *   <li>{@link Pace#FLOOD}: as fast as the connection takes them (while the channel is writable),
 *       for the node's maximum throughput;</li>
 *   <li>{@link Pace#REAL_TIME}: one unit per frame period on a timer, as a camera's encoder
 *       produces them (the first at a random moment of the first period, so cameras do not tick
 *       together). Netty's outbound buffer plays the camera's upload buffer: a unit that would take
 *       the unacknowledged bytes past {@code window} is dropped and counted, and so is every unit
 *       up to the next keyframe (a camera drops whole GOPs, never a reference picture).</li>
 * </ul>
 *
 * <p>In both paces at most {@code window} bytes stay unacknowledged (acks come once a segment is
 * durable). Ownership: payloads wrap the clip's shared arrays (no copy, nothing to release); every
 * frame read is released here.
 */
public final class BenchCamera extends ChannelInboundHandlerAdapter {

    /** The user event that starts the stream. */
    public static final Object GO = new Object();

    /** How units are sent. */
    public enum Pace { FLOOD, REAL_TIME }

    private final CameraIdentity identity;
    private final FileVideoSource.Clip clip;
    private final CameraCounters counters;
    private final long window;
    private final Pace pace;
    /** Bytes sent, and when, up to each outstanding sequence number (a ring: bounds what may be outstanding). */
    private final long[] sentBytesAt;
    private final long[] sentNanosAt;
    private long sequence;
    private long ackedSequence;
    private long sentBytes;
    private long ackedBytes;
    private volatile long unackedBytes;
    private volatile long oldestUnackedNanos;
    private boolean going;
    private boolean awaitingKeyframe;
    private ScheduledFuture<?> ticker;

    public BenchCamera(CameraIdentity identity, FileVideoSource.Clip clip, CameraCounters counters, long window,
                       Pace pace) {
        this.identity = identity;
        this.clip = clip;
        this.counters = counters;
        this.window = window;
        this.pace = pace;
        int ring = pace == Pace.FLOOD ? 1 << 16 : 1 << 11; // real time: 136 s of frames at 15 fps
        this.sentBytesAt = new long[ring];
        this.sentNanosAt = new long[ring];
    }

    /** Bytes sent and not yet acknowledged as durable. */
    public long unackedBytes() {
        return unackedBytes;
    }

    /** How long the oldest unacknowledged unit has waited for its ack at {@code nowNanos} (0: none waits). */
    public long ackLagNanos(long nowNanos) {
        long oldest = oldestUnackedNanos;
        return oldest == 0 ? 0 : Math.max(0, nowNanos - oldest);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setHello(Hello.newBuilder()
                .setProtocolVersion(ProtocolVersion.CURRENT).setSerial(identity.serial())
                .setModel(identity.model()).setFirmwareVersion("bench").setBootId(System.nanoTime())).build()));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ticker != null) {
            ticker.cancel(false);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Frame frame) {
                Envelope e = frame.header();
                if (e.hasWelcome()) {
                    ctx.writeAndFlush(Frame.of(Envelope.newBuilder().setStreamConfig(StreamConfig.newBuilder()
                            .setCodec("h264").setWidth(clip.format().width()).setHeight(clip.format().height())
                            .setFps(clip.format().fps()).setSps(ByteString.copyFrom(clip.format().sps()))
                            .setPps(ByteString.copyFrom(clip.format().pps()))).build()));
                    counters.welcomed.incrementAndGet();
                } else if (e.hasMediaAck()) {
                    acknowledged(e.getMediaAck().getPersistedSequence());
                    counters.acks.increment();
                    if (pace == Pace.FLOOD) {
                        flood(ctx);
                    }
                }
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void acknowledged(long acked) {
        if (acked >= ackedSequence && acked < sequence) {
            ackedSequence = acked + 1;
            ackedBytes = sentBytesAt[slot(acked)];
            unackedBytes = sentBytes - ackedBytes;
            oldestUnackedNanos = ackedSequence < sequence ? sentNanosAt[slot(ackedSequence)] : 0;
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt != GO) {
            ctx.fireUserEventTriggered(evt);
        } else if (pace == Pace.FLOOD) {
            going = true;
            flood(ctx);
        } else if (!going) {
            going = true;
            long period = TimeUnit.SECONDS.toNanos(1) / clip.format().fps();
            ticker = ctx.executor().scheduleAtFixedRate(() -> tick(ctx), ThreadLocalRandom.current().nextLong(period),
                    period, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (pace == Pace.FLOOD) {
            flood(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void flood(ChannelHandlerContext ctx) {
        boolean wrote = false;
        while (going && counters.streaming && ctx.channel().isWritable() && unackedBytes < window && roomInRing()) {
            send(ctx);
            wrote = true;
        }
        if (wrote) {
            ctx.flush();
        }
    }

    private void tick(ChannelHandlerContext ctx) {
        if (!counters.streaming || !ctx.channel().isActive()) {
            return;
        }
        int index = (int) (sequence % clip.frames().size());
        FileVideoSource.Clip.Frame frame = clip.frames().get(index);
        if (awaitingKeyframe && !frame.keyframe()
                || unackedBytes + frame.annexB().length > window || !roomInRing()) {
            // the upload buffer is full: the camera loses this unit, and the rest of its GOP
            awaitingKeyframe = true;
            counters.uploadDrops.increment();
            sequence++; // the encoder moved on; the node sees the gap in sequence numbers
            skipSlot();
            return;
        }
        awaitingKeyframe = false;
        send(ctx);
        ctx.flush();
    }

    private void send(ChannelHandlerContext ctx) {
        int index = (int) (sequence % clip.frames().size());
        FileVideoSource.Clip.Frame frame = clip.frames().get(index);
        long now = System.nanoTime();
        ctx.write(Frame.withPayload(Envelope.newBuilder().setMediaUnit(MediaUnit.newBuilder()
                .setSequence(sequence).setCaptureMonotonicUs(now / 1000)
                .setCaptureWallMs(System.currentTimeMillis()).setKeyframe(frame.keyframe())).build(),
                Unpooled.wrappedBuffer(frame.annexB())));
        sentBytes += frame.annexB().length;
        sentBytesAt[slot(sequence)] = sentBytes;
        sentNanosAt[slot(sequence)] = now;
        if (ackedSequence == sequence) {
            oldestUnackedNanos = now;
        }
        unackedBytes = sentBytes - ackedBytes;
        sequence++;
        counters.bytes.add(frame.annexB().length);
        counters.frames.increment();
    }

    /** A dropped unit's slot: no bytes, and if nothing is outstanding it counts as acknowledged. */
    private void skipSlot() {
        long dropped = sequence - 1;
        sentBytesAt[slot(dropped)] = sentBytes;
        sentNanosAt[slot(dropped)] = System.nanoTime();
        if (ackedSequence == dropped) {
            ackedSequence = sequence;
            oldestUnackedNanos = 0;
        }
    }

    private boolean roomInRing() {
        return sequence - ackedSequence < sentBytesAt.length - 1;
    }

    private int slot(long seq) {
        return (int) (seq & (sentBytesAt.length - 1));
    }
}
