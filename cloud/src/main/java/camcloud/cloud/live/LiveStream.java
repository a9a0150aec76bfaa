package camcloud.cloud.live;

import camcloud.cloud.video.LiveDemands;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.media.fmp4.InitSegment;
import camcloud.media.fmp4.LiveTimeline;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's live picture: its current init segment, the frames since the last keyframe (the
 * GOP a late joiner starts with) and its viewers.
 *
 * <p><b>Wire protocol</b> of {@code GET /api/cameras/{serial}/live} (WebSocket), in order:
 * <ol>
 *   <li>text {@code {"type":"codec","mime":"video/mp4; codecs=\"avc1.PPCCLL\"","width":W,"height":H}}
 *       — create (or {@code changeType}) the SourceBuffer with {@code mime};</li>
 *   <li>binary: the init segment ({@code ftyp moov});</li>
 *   <li>binary: fragments ({@code prft moof mdat}, one frame each), the first a keyframe; the
 *       {@code prft} holds the capture wall-clock time (NTP format) of the frame.</li>
 * </ol>
 * A later {@code codec} text means the format changed: the next binary message is a new init
 * segment and fragments restart at a keyframe; decode times keep increasing. Other texts:
 * {@code {"type":"offline"}} (the camera is not connected; the socket stays open and video resumes
 * with a keyframe when it returns) and {@code {"type":"dropped","fragments":N}} (this viewer was
 * too slow, N fragments were skipped, the next fragment is a keyframe).
 *
 * <p>Cost: a unit becomes a fragment once, when the first viewer needs it ({@link LiveTimeline}: the
 * fragment's headers plus retained slices of the unit's bytes, no copy), and all viewers send that
 * one buffer; with nobody watching, units of the current GOP are only retained (no copy), within the
 * node's {@link GopBudget}. Ownership: the stream holds one reference to each cached unit or fragment
 * and to its init message, released when the GOP or the format ends; viewers retain what they queue. Thread-safe: sink calls come from the
 * camera's event loop, joins and leaves from Jetty's threads; one lock, never held across I/O
 * waits (viewers' sends are non-blocking).
 */
final class LiveStream {

    private static final Logger log = LoggerFactory.getLogger(LiveStream.class);
    /** Past this many frames without a keyframe, a camera's GOP is not cached: late joiners wait for the next. */
    static final int MAX_GOP_FRAMES = 600;

    private final String serial;
    private final GopBudget budget;
    private final LiveTimeline fragments = new LiveTimeline();
    private final List<Cached> gop = new ArrayList<>();
    private final Set<LiveViewer> viewers = new LinkedHashSet<>();
    /** Told when the first viewer comes and the last goes (camera connections that record events only). */
    private final List<Consumer<Boolean>> demand = new ArrayList<>();
    private VideoTrack track;
    private LiveMessage codec;
    private LiveMessage init;
    private long session;
    private boolean online;
    /** A keyframe came since the current format and session started. */
    private boolean decodable;
    /** The frames since that keyframe are all in {@link #gop}. */
    private boolean caching;

    LiveStream(String serial, GopBudget budget) {
        this.serial = serial;
        this.budget = budget;
    }

    /** A frame of the current GOP: the retained unit until it is built, then only its fragment. */
    private static final class Cached {
        TimedUnit unit;
        LiveMessage message;
        long charged;
    }

    /** A new camera session; calls from older sessions are ignored from now on. */
    synchronized long newSession() {
        clearGop();
        decodable = false;
        return ++session;
    }

    synchronized void format(long from, StreamFormat format) {
        if (from != session) {
            return;
        }
        online = true;
        VideoTrack next;
        try {
            next = VideoTrack.of(NalUnit.of(format.sps()), NalUnit.of(format.pps()));
        } catch (MalformedH264Exception e) {
            log.warn("live {}: unusable stream format, no live picture: {}", serial, e.getMessage());
            track = null;
            setInit(null);
            clearGop();
            decodable = false;
            return;
        }
        fragments.format(format.fps());
        if (track != null && track.sameConfiguration(next)) {
            return; // a reconnect with the same format: viewers keep their SourceBuffer
        }
        track = next;
        clearGop();
        decodable = false;
        codec = LiveStatus.codec(next);
        setInit(LiveMessage.init(InitSegment.of(next)));
        for (LiveViewer v : viewers) {
            v.offer(codec);
            v.offer(init);
        }
    }

    synchronized void unit(long from, TimedUnit unit) {
        if (from != session || init == null) {
            return;
        }
        if (unit.keyframe()) {
            clearGop();
            decodable = true;
            caching = true;
        } else if (!decodable) {
            return; // no keyframe since the format or the session started: nothing can decode this
        }
        boolean watched = !viewers.isEmpty();
        long size = unit.payload().readableBytes();
        if (caching && (gop.size() >= MAX_GOP_FRAMES || !budget.take(size, watched))) {
            clearGop(); // too long a GOP, or unwatched past the node's budget: cache again from the next keyframe
            caching = false;
        }
        LiveMessage m = null;
        if (caching) {
            Cached c = new Cached();
            c.charged = size;
            c.unit = unit.retain();
            gop.add(c);
            if (watched) {
                m = build(c);
            }
        } else if (watched) {
            m = buildNow(unit);
            if (m != null) {
                offerAll(m);
                m.release(); // not cached: the viewers hold what they queued
            }
            return;
        }
        if (m != null) {
            offerAll(m);
        }
    }

    private void offerAll(LiveMessage m) {
        for (LiveViewer v : viewers) {
            v.offer(m);
        }
    }

    /** Replaces the init message, letting go of the old one. */
    private void setInit(LiveMessage next) {
        if (init != null) {
            init.release();
        }
        init = next;
    }

    synchronized void closed(long from) {
        if (from != session) {
            return;
        }
        online = false;
        clearGop();
        decodable = false;
        for (LiveViewer v : viewers) {
            v.offer(LiveStatus.offline());
        }
    }

    /** Adds a viewer: codec, init and the current GOP first (or "offline"), then everything new. */
    synchronized void join(LiveViewer viewer) {
        if (!online || init == null) {
            viewer.offer(LiveStatus.offline());
        }
        if (init != null) {
            viewer.offer(codec);
            viewer.offer(init);
            for (Cached c : gop) {
                LiveMessage m = build(c);
                if (m != null) {
                    viewer.offer(m);
                }
            }
        }
        boolean first = viewers.isEmpty();
        viewers.add(viewer);
        if (first) {
            tellDemand(true);
        }
    }

    synchronized void leave(LiveViewer viewer) {
        if (viewers.remove(viewer) && viewers.isEmpty()) {
            tellDemand(false);
        }
        viewer.close();
    }

    /** Follows whether anybody watches; told {@code true} at once if somebody does. */
    synchronized LiveDemands.Following follow(Consumer<Boolean> listener) {
        demand.add(listener);
        if (!viewers.isEmpty()) {
            tell(listener, true);
        }
        return () -> unfollow(listener);
    }

    private synchronized void unfollow(Consumer<Boolean> listener) {
        demand.remove(listener);
    }

    private void tellDemand(boolean wanted) {
        for (Consumer<Boolean> listener : demand) {
            tell(listener, wanted);
        }
    }

    private void tell(Consumer<Boolean> listener, boolean wanted) {
        try {
            listener.accept(wanted);
        } catch (RuntimeException e) {
            log.warn("live {}: telling the camera about its viewers failed: {}", serial, e.toString());
        }
    }

    /** Node shutdown: releases the cached frames and stops sending to viewers. */
    synchronized void close() {
        clearGop();
        decodable = false;
        setInit(null);
        viewers.forEach(LiveViewer::close);
        viewers.clear();
    }

    synchronized int viewerCount() {
        return viewers.size();
    }

    synchronized long droppedFragments() {
        return viewers.stream().mapToLong(LiveViewer::dropped).sum();
    }

    /** The fragment of a frame that is not cached (viewers only get it now); the caller releases it. */
    private LiveMessage buildNow(TimedUnit unit) {
        try {
            return LiveMessage.binary(fragments.fragment(unit.payload(), unit.index(), unit.timeMicros(),
                    unit.captureWallMillis()), true, unit.keyframe());
        } catch (RuntimeException e) {
            log.warn("live {}: frame skipped: {}", serial, e.getMessage());
            return null;
        }
    }

    /** The fragment of a cached frame, built on first need; frames are built in order. */
    private LiveMessage build(Cached c) {
        if (c.message == null && c.unit != null) {
            try {
                c.message = buildNow(c.unit);
            } finally {
                c.unit.release();
                c.unit = null;
            }
        }
        return c.message;
    }

    private void clearGop() {
        for (Cached c : gop) {
            if (c.unit != null) {
                c.unit.release();
            }
            if (c.message != null) {
                c.message.release();
            }
            budget.give(c.charged);
        }
        gop.clear();
    }
}
