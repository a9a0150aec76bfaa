package camcloud.cloud.live;

import camcloud.cloud.video.LiveDemands;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoHub;
import camcloud.cloud.video.VideoSink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live video of a node's cameras to their viewers: the gateway feeds it as one {@link VideoHub},
 * the live WebSocket route adds and removes viewers. One {@link LiveStream} per camera (protocol
 * described there), one bounded {@link LiveViewer} queue per viewer.
 *
 * <pre>{@code
 * LiveHub live = new LiveHub(LiveHub.DEFAULT_VIEWER_QUEUE, LiveHub.DEFAULT_GOP_BUDGET);
 * gatewayHubs.add(live);                                   // the gateway calls open() per camera session
 * LiveViewer v = live.watch(serial, new JettyViewerOutput(session));
 * live.stopWatching(serial, v);                            // on WebSocket close
 * }</pre>
 * The live hub never acknowledges units: only the recorder's persistence does. As {@link LiveDemands}
 * it tells the connections of cameras that record events only when their first viewer comes and
 * their last goes (they then send video between events too, marked live only).
 */
public final class LiveHub implements VideoHub, LiveDemands, AutoCloseable {

    /** Fragments a viewer may have waiting: about 5 s at 25 fps. */
    public static final int DEFAULT_VIEWER_QUEUE = 128;
    /** GOP cache bytes of the node's cameras: 256 MiB, two seconds of about 500 cameras at 2 Mbit/s. */
    public static final long DEFAULT_GOP_BUDGET = 256L << 20;

    private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

    private final Map<String, LiveStream> streams = new ConcurrentHashMap<>();
    private final int viewerQueue;
    private final GopBudget budget;
    private volatile Consumer<String> onWatch = serial -> { };
    /** Fragments dropped for viewers who have left (for the node's monotonic total). */
    private final LongAdder droppedForLeavers = new LongAdder();

    public LiveHub() {
        this(DEFAULT_VIEWER_QUEUE, DEFAULT_GOP_BUDGET);
    }

    /**
     * @param viewerQueue    fragments each viewer may have waiting before fragments are dropped
     * @param gopBudgetBytes bytes of GOP caches of unwatched cameras (see {@link GopBudget})
     */
    public LiveHub(int viewerQueue, long gopBudgetBytes) {
        if (viewerQueue < 1) {
            throw new IllegalArgumentException("viewerQueue must be at least 1, was " + viewerQueue);
        }
        this.viewerQueue = viewerQueue;
        this.budget = new GopBudget(gopBudgetBytes);
    }

    @Override
    public VideoSink open(String serial, long bootId, PersistedAcks acks) {
        LiveStream stream = stream(serial);
        return new Sink(serial, stream, stream.newSession());
    }

    @Override
    public Following follow(String serial, Consumer<Boolean> listener) {
        return stream(serial).follow(listener);
    }

    /** Starts sending the camera's live video to {@code out}. */
    public LiveViewer watch(String serial, ViewerOutput out) {
        LiveViewer viewer = new LiveViewer(out, viewerQueue);
        stream(serial).join(viewer);
        onWatch.accept(serial);
        return viewer;
    }

    /**
     * Tells {@code listener} the camera of every new viewer, after it joined (a node relays cameras
     * connected to other nodes from there). Must not block: it runs on the viewer's request thread.
     */
    public void onWatch(Consumer<String> listener) {
        this.onWatch = listener;
    }

    public void stopWatching(String serial, LiveViewer viewer) {
        stream(serial).leave(viewer);
        droppedForLeavers.add(viewer.dropped());
    }

    /** Viewers of all cameras of this node now. */
    public int viewers() {
        return streams.values().stream().mapToInt(LiveStream::viewerCount).sum();
    }

    /** Fragments dropped for slow viewers since the node started (current viewers and those who left). */
    public long droppedFragments() {
        return droppedForLeavers.sum() + streams.values().stream().mapToLong(LiveStream::droppedFragments).sum();
    }

    /** Viewers of one camera. */
    public int viewers(String serial) {
        LiveStream s = streams.get(serial);
        return s == null ? 0 : s.viewerCount();
    }

    /** Fragments dropped for the current viewers of one camera because they were too slow. */
    public long droppedFragments(String serial) {
        LiveStream s = streams.get(serial);
        return s == null ? 0 : s.droppedFragments();
    }

    /** Releases every cached frame (after the gateway stopped feeding the hub). */
    @Override
    public void close() {
        streams.values().forEach(LiveStream::close);
    }

    /** Bytes the cameras' GOP caches hold. */
    public long cachedBytes() {
        return budget.used();
    }

    private LiveStream stream(String serial) {
        return streams.computeIfAbsent(serial, s -> new LiveStream(s, budget));
    }

    /** One camera session's feed; never throws into the gateway's event loop. */
    private record Sink(String serial, LiveStream stream, long session) implements VideoSink {

        @Override
        public void format(StreamFormat format) {
            try {
                stream.format(session, format);
            } catch (RuntimeException e) {
                log.warn("live {}: format failed", serial, e);
            }
        }

        @Override
        public void unit(TimedUnit unit) {
            try {
                stream.unit(session, unit);
            } catch (RuntimeException e) {
                log.warn("live {}: unit failed", serial, e);
            }
        }

        @Override
        public void gap(long fromMicros, long toMicros, String reason) {
            // Fragments after a gap start at a keyframe anyway (the camera reconnects or re-keys);
            // the decode timeline clamps the hole, so nothing to tell viewers.
        }

        @Override
        public void closed() {
            try {
                stream.closed(session);
            } catch (RuntimeException e) {
                log.warn("live {}: close failed", serial, e);
            }
        }
    }
}
