package camcloud.cloud.cluster.relay;

import camcloud.cloud.live.LiveHub;
import camcloud.cloud.live.LiveMessage;
import camcloud.cloud.live.LiveViewer;
import camcloud.cloud.live.ViewerOutput;
import camcloud.cloud.video.LiveDemands;
import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.cloud.video.VideoHub;
import camcloud.cloud.video.VideoSink;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The camera's side of live relays: other nodes whose viewers watch a camera connected here. A video
 * hub beside the recorder and the live hub (the gateway's fan-out feeds it), and a
 * {@link LiveDemands}: a relay is a live demand, so a camera that records events only sends live
 * video while another node relays it.
 *
 * <p>Each relay is a {@link LiveViewer} (bounded queue, drops to the next keyframe when the node
 * link is slow, never grows) whose messages are {@link RelayWire}'s: the format when it changes, and
 * every unit, encoded once per unit for all relays of the camera and only while there are any. A
 * relay starts at the next keyframe (no GOP is kept here: the relaying node's live hub keeps one for
 * its own late joiners). When the camera's session ends the relays are told {@code offline}; when
 * the camera leaves this node ({@link #left}) they are closed, and the other node looks it up again.
 *
 * <p>Thread-safe: sink calls come from the camera's event loop, relays come and go on Jetty's threads;
 * one lock per camera, never held across I/O waits.
 */
public final class RelaySource implements VideoHub, LiveDemands {

    private static final Logger log = LoggerFactory.getLogger(RelaySource.class);
    private static final LiveMessage OFFLINE = LiveMessage.text("{\"type\":\"offline\"}");
    /** WebSocket close code "going away": the camera is not on this node any more. */
    static final int CAMERA_LEFT = 1001;

    private final Map<String, Feed> feeds = new ConcurrentHashMap<>();
    private final Predicate<String> connectedHere;
    private final int queue;

    /**
     * @param connectedHere whether a camera is connected to this node (relays are refused otherwise)
     * @param queue         units a relay may have waiting before units are dropped
     */
    public RelaySource(Predicate<String> connectedHere, int queue) {
        this.connectedHere = connectedHere;
        this.queue = queue;
    }

    public RelaySource(Predicate<String> connectedHere) {
        this(connectedHere, LiveHub.DEFAULT_VIEWER_QUEUE);
    }

    @Override
    public VideoSink open(String serial, long bootId, PersistedAcks acks) {
        Feed feed = feed(serial);
        return new Sink(feed, feed.newSession());
    }

    @Override
    public Following follow(String serial, Consumer<Boolean> listener) {
        return feed(serial).follow(listener);
    }

    /**
     * Starts relaying the camera to {@code out}; null when the camera is not connected here (the
     * asking node looks again).
     */
    public LiveViewer relay(String serial, ViewerOutput out) {
        if (!connectedHere(serial)) {
            return null;
        }
        LiveViewer viewer = new LiveViewer(out, queue);
        feed(serial).join(viewer, out);
        return viewer;
    }

    /** Whether the camera is connected to this node now. */
    public boolean connectedHere(String serial) {
        return connectedHere.test(serial);
    }

    public void stopRelaying(String serial, LiveViewer viewer) {
        Feed feed = feeds.get(serial);
        if (feed != null) {
            feed.leave(viewer);
        }
        viewer.close();
    }

    /** Relays of one camera now. */
    public int relays(String serial) {
        Feed feed = feeds.get(serial);
        return feed == null ? 0 : feed.relayCount();
    }

    /** The camera left this node (went offline, or moved): its relays end; their nodes look again. */
    public void left(String serial) {
        Feed feed = feeds.get(serial);
        if (feed != null) {
            feed.endAll();
        }
    }

    private Feed feed(String serial) {
        return feeds.computeIfAbsent(serial, Feed::new);
    }

    /** One camera: its current format and session, its relays and who follows the demand. */
    private static final class Feed {
        private final String serial;
        private final Set<LiveViewer> relays = new LinkedHashSet<>();
        private final List<Consumer<Boolean>> demand = new ArrayList<>();
        private final Map<LiveViewer, ViewerOutput> outputs = new HashMap<>();
        private LiveMessage format;
        private long session;

        Feed(String serial) {
            this.serial = serial;
        }

        synchronized long newSession() {
            format = null;
            return ++session;
        }

        synchronized void format(long from, StreamFormat f) {
            if (from != session) {
                return;
            }
            format = LiveMessage.binary(Unpooled.wrappedBuffer(RelayWire.format(f)), false, false);
            relays.forEach(r -> r.offer(format));
        }

        synchronized void unit(long from, TimedUnit unit) {
            if (from != session || format == null || relays.isEmpty()) {
                return;
            }
            LiveMessage m = LiveMessage.binary(Unpooled.wrappedBuffer(RelayWire.unit(unit)), true, unit.keyframe());
            relays.forEach(r -> r.offer(m));
            m.release(); // the relays hold what they queued
        }

        synchronized void closed(long from) {
            if (from != session) {
                return;
            }
            format = null;
            relays.forEach(r -> r.offer(OFFLINE));
        }

        synchronized void join(LiveViewer viewer, ViewerOutput out) {
            outputs.put(viewer, out);
            if (format != null) {
                viewer.offer(format);
            }
            boolean first = relays.isEmpty();
            relays.add(viewer);
            if (first) {
                tell(true);
            }
        }

        /** Forgets a relay (its socket closed); the caller stops the viewer's sends. */
        synchronized void leave(LiveViewer viewer) {
            outputs.remove(viewer);
            if (relays.remove(viewer) && relays.isEmpty()) {
                tell(false);
            }
        }

        synchronized int relayCount() {
            return relays.size();
        }

        synchronized void endAll() {
            for (LiveViewer r : List.copyOf(relays)) {
                ViewerOutput out = outputs.get(r);
                leave(r);
                r.close();
                try {
                    out.close(CAMERA_LEFT, "camera left this node");
                } catch (RuntimeException e) {
                    log.debug("relay {}: closing failed: {}", serial, e.toString());
                }
            }
        }

        synchronized Following follow(Consumer<Boolean> listener) {
            demand.add(listener);
            if (!relays.isEmpty()) {
                tell(listener, true);
            }
            return () -> {
                synchronized (this) {
                    demand.remove(listener);
                }
            };
        }

        private void tell(boolean wanted) {
            demand.forEach(l -> tell(l, wanted));
        }

        private void tell(Consumer<Boolean> listener, boolean wanted) {
            try {
                listener.accept(wanted);
            } catch (RuntimeException e) {
                log.warn("relay {}: telling the camera about relays failed: {}", serial, e.toString());
            }
        }
    }

    /** One camera session's feed; never throws into the gateway's event loop. */
    private record Sink(Feed feed, long session) implements VideoSink {

        @Override
        public void format(StreamFormat format) {
            try {
                feed.format(session, format);
            } catch (RuntimeException e) {
                log.warn("relay {}: format failed", feed.serial, e);
            }
        }

        @Override
        public void unit(TimedUnit unit) {
            try {
                feed.unit(session, unit);
            } catch (RuntimeException e) {
                log.warn("relay {}: unit failed", feed.serial, e);
            }
        }

        @Override
        public void gap(long fromMicros, long toMicros, String reason) {
            // As for local viewers: relayed units after a gap start at a keyframe; nothing to tell.
        }

        @Override
        public void closed() {
            try {
                feed.closed(session);
            } catch (RuntimeException e) {
                log.warn("relay {}: close failed", feed.serial, e);
            }
        }
    }
}
