package camcloud.cloud.video;

import java.util.List;

/**
 * The gateway's one {@link VideoHub}: hands every camera's video to several hubs (the recorder, the
 * live hub), in the order given. Only the first hub — the recorder, whose acknowledgements mean
 * "persisted" — receives the camera's {@link PersistedAcks}; the others get a no-op.
 *
 * <p>Ownership: each sink is given the same {@link TimedUnit} (no copy); a sink that keeps it
 * retains it, as {@link VideoSink} says. The gateway releases its own reference afterwards.
 */
public final class VideoFanOut implements VideoHub {

    private static final PersistedAcks IGNORED = sequence -> { };

    private final List<VideoHub> hubs;

    /** @param hubs the acknowledging hub first */
    public VideoFanOut(List<VideoHub> hubs) {
        if (hubs.isEmpty()) {
            throw new IllegalArgumentException("a video fan-out needs at least one hub");
        }
        this.hubs = List.copyOf(hubs);
    }

    @Override
    public VideoSink open(String serial, long bootId, PersistedAcks acks) {
        VideoSink[] sinks = new VideoSink[hubs.size()];
        for (int i = 0; i < sinks.length; i++) {
            sinks[i] = hubs.get(i).open(serial, bootId, i == 0 ? acks : IGNORED);
        }
        if (sinks.length == 1) {
            return sinks[0];
        }
        return new VideoSink() {
            @Override
            public void format(StreamFormat format) {
                for (VideoSink s : sinks) {
                    s.format(format);
                }
            }

            @Override
            public void unit(TimedUnit unit) {
                for (VideoSink s : sinks) {
                    s.unit(unit);
                }
            }

            @Override
            public void gap(long fromMicros, long toMicros, String reason) {
                for (VideoSink s : sinks) {
                    s.gap(fromMicros, toMicros, reason);
                }
            }

            @Override
            public void idle(long fromMicros, long toMicros, long lastSequence) {
                for (VideoSink s : sinks) {
                    s.idle(fromMicros, toMicros, lastSequence);
                }
            }

            @Override
            public void closed() {
                for (VideoSink s : sinks) {
                    s.closed();
                }
            }
        };
    }
}
