package camcloud.cloud.event;

import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoHub;
import camcloud.cloud.video.VideoSink;
import io.netty.buffer.ByteBufUtil;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each camera's newest keyframe, for its snapshot picture: a {@link VideoHub} beside the recorder and
 * the live hub. A keyframe is copied out of the connection's buffer (a few dozen KB every second or
 * two per camera; holding a retained slice instead would pin the connection's larger buffer), and
 * kept after the camera goes offline, so its last picture can still be shown. All the cameras' copies
 * together stay within {@code budgetBytes}: past it, a camera's new keyframe is not kept (its older
 * one goes) until there is room again.
 *
 * <p>Ownership: sink calls come from the gateway's event loops and never keep the unit. Thread-safe.
 */
public final class LatestKeyframes implements VideoHub {

    /** 128 MiB: a 720p keyframe of every one of about 2,000 cameras. */
    public static final long DEFAULT_BUDGET = 128L << 20;

    /**
     * One keyframe as the camera sent it, with the format to decode it.
     *
     * @param timeMicros where it sits on the camera's timeline (to check it against a caller's video windows)
     */
    public record Keyframe(StreamFormat format, byte[] annexB, long timeMicros) {
    }

    private final ConcurrentHashMap<String, Keyframe> latest = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    private final long budgetBytes;

    public LatestKeyframes(long budgetBytes) {
        if (budgetBytes < 1) {
            throw new IllegalArgumentException("keyframe budget must be positive, was " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** The camera's newest keyframe, if it sent one since this node started. */
    public Optional<Keyframe> of(String serial) {
        return Optional.ofNullable(latest.get(serial));
    }

    /** Bytes the copies hold. */
    public long usedBytes() {
        return used.get();
    }

    @Override
    public VideoSink open(String serial, long bootId, PersistedAcks acks) {
        return new VideoSink() {
            private StreamFormat format;

            @Override
            public void format(StreamFormat f) {
                format = f;
            }

            @Override
            public void unit(TimedUnit unit) {
                if (unit.keyframe() && format != null) {
                    keep(serial, new Keyframe(format, ByteBufUtil.getBytes(unit.payload()), unit.timeMicros()));
                }
            }

            @Override
            public void gap(long fromMicros, long toMicros, String reason) {
            }

            @Override
            public void closed() {
            }
        };
    }

    private void keep(String serial, Keyframe k) {
        Keyframe old = latest.put(serial, k);
        long now = used.addAndGet(k.annexB().length - (old == null ? 0 : old.annexB().length));
        if (now > budgetBytes && latest.remove(serial, k)) {
            used.addAndGet(-k.annexB().length);
        }
    }
}
