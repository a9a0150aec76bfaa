package camcloud.cloud.recording;

import camcloud.cloud.video.PersistedAcks;
import camcloud.cloud.video.StreamFormat;
import camcloud.cloud.video.TimedUnit;
import camcloud.media.fmp4.VideoTrack;
import camcloud.media.h264.MalformedH264Exception;
import camcloud.media.h264.NalUnit;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera's recording: a bounded queue of events filled on the camera connection's event loop
 * ({@link #offer}) and drained by one recorder thread at a time (per-camera order kept), which
 * writes segments and the index.
 *
 * <p>Segments start on a keyframe and are cut at the first keyframe after the target duration, at
 * every discontinuity (a hole longer than the gap threshold, a camera restart, a format change,
 * units dropped because the queue was full), where the camera changed owner, and when the camera stays away longer than the
 * reconnect grace. Closing a segment: write its last fragment, commit the object (durable), add the
 * index row, then acknowledge its last sequence — an ack always means durable and indexed. A hole
 * of more than half a second between the previous segment's end and a new segment's start (video
 * the camera never sent, or that was dropped here waiting for a keyframe, for a full queue or a full
 * disk) is listed as a gap with the reason last heard; a hole of any length is listed when units
 * were dropped here.
 *
 * <p><b>A camera that comes back after the grace.</b> The grace closes the open segment so that what
 * the camera sent before it went away is durable and in the archive at once, but that segment ends
 * in the middle of a GOP, and the camera's upload buffer still holds the rest of it. When the same
 * boot resends that rest (the unit after the segment's last sequence, no keyframe, no hole), the
 * segment is <em>continued</em>: a new file starts with the old file's bytes and goes on, and on
 * commit it takes over the old one's index row ({@link SegmentFile#continuing},
 * {@link SegmentIndex#replace}); the old file is deleted after. The same holds after a node restart
 * (the last segment comes from the index). A unit without a keyframe that cannot be continued is
 * never dropped silently: it is counted ({@link Recorder#unitsUnusable()}) and the gap before the next
 * segment is listed with its reason.
 *
 * <p><b>A camera that records events only.</b> Units of its clips come marked {@code eventClip}: a
 * segment holding any is an event clip ({@link Segment#eventClip()}). A live-only unit is never
 * recorded: it ends the open segment (the clip is over) and is acknowledged once everything before it
 * is stored. An idle run ("no event") ends the open segment too, is acknowledged the same way, and
 * is listed as a gap with reason {@code idle}: one row per idle stretch, written when it starts and
 * brought up to date at most every {@link #IDLE_WRITE_NANOS} and when the next segment starts, so an
 * idle camera costs the database next to nothing. While somebody watches an idle camera its video
 * comes live only; the last {@link #LIVE_PRE_ROLL_MICROS} of it (from a keyframe, within
 * {@link #LIVE_CACHE_BYTES}) stay here, retained, so that a clip starting meanwhile — its first
 * unit names where its pre-roll starts ({@link TimedUnit#clipFromSequence()}) — is recorded with
 * that pre-roll. (Those units were acknowledged as they came; a crash of the node before the clip
 * loses that pre-roll, never anything recorded.)
 *
 * <p><b>A store or database that is unreachable.</b> A finished segment is not acknowledged until
 * its object is committed and its row indexed. When either fails, the segment waits — its bytes on
 * local disk ({@link SegmentFile#commit} may be retried) — in the camera's {@link #waiting} line,
 * together with what must follow it in order (gap rows, acknowledgements of units not recorded), and
 * the line is retried with a growing backoff; recording goes on meanwhile, and the acknowledgements
 * resume in order once the line drains. When the node's waiting bytes reach their bound
 * ({@link RecorderSettings#backlogBytes}) a camera that finishes a segment is told to come back later
 * ({@link PersistedAcks#overloaded}): nothing it was told is stored is ever lost.
 *
 * <p><b>Drain.</b> A node that stops gracefully ends each open segment where its last keyframe starts
 * ({@link Drain}): that keyframe and what follows are not acknowledged, so the camera resends them
 * to the node it moves to, which starts the next segment exactly there. Video that arrives after the
 * drain is neither recorded nor acknowledged.
 *
 * <p>Ownership: each queued unit holds one reference (taken by the sink), released exactly once:
 * when dropped at {@link #offer}, or after it is written (or skipped) by {@link #process}.
 */
final class CameraRecorder {

    private static final Logger log = LoggerFactory.getLogger(CameraRecorder.class);
    private static final long NONE = Long.MIN_VALUE;
    private static final long POLICY_REFRESH_NANOS = 5_000_000_000L;
    private static final int EVENTS_PER_TURN = 64;
    /** A longer hole between two segments is listed as a gap (shorter ones are clock rounding). */
    private static final long LISTED_GAP_MICROS = 500_000;
    private static final long OVERFLOW_LOG_NANOS = 10_000_000_000L;
    static final long IDLE_WRITE_NANOS = 30_000_000_000L;
    static final String IDLE_REASON = "idle";
    /** Live-only video kept for a clip's pre-roll: the longest pre-roll a camera may ask for, plus a GOP. */
    static final long LIVE_PRE_ROLL_MICROS = 10_000_000;
    static final long LIVE_CACHE_BYTES = 8L << 20;

    sealed interface Event permits Format, Unit, LiveOnly, Idle, GapHeard, OwnerChanged, Flush, Shutdown, Retry,
            Drain {
    }

    /** Try the waiting line again (the backoff has passed). */
    record Retry() implements Event {
    }

    /** The node drains: end the open segment at its last keyframe, store what waits, take no more video. */
    record Drain(CountDownLatch done) implements Event {
    }

    /** What waits, in order, for the store and the index: finished segments, gap rows, acknowledgements. */
    private sealed interface Waiting permits StoredSegment, GapRow, Ack {
    }

    /** A finished segment: its object committed yet or not, its row not indexed yet. */
    private static final class StoredSegment implements Waiting {
        final SegmentFile file;
        final Segment row;
        boolean committed;
        /** The row once indexed (what is left: clearing the marks). */
        Segment indexed;
        boolean tried;

        StoredSegment(SegmentFile file, Segment row) {
            this.file = file;
            this.row = row;
        }
    }

    private record GapRow(long fromMicros, long toMicros, String reason) implements Waiting {
    }

    private record Ack(long bootId, long sequence) implements Waiting {
    }

    private static final long RETRY_FIRST_MILLIS = 500;
    private static final long RETRY_MAX_MILLIS = 30_000;

    /**
     * A unit sent for live viewers only: not recorded, acknowledged in turn. {@code unit} (one
     * reference, or null when the queue had no room for it) is kept a while as a possible pre-roll.
     */
    record LiveOnly(long sequence, long timeMicros, long bootId, TimedUnit unit) implements Event {
        LiveOnly(TimedUnit unit, long bootId) {
            this(unit.sequence(), unit.timeMicros(), bootId, unit);
        }
    }

    /** The camera had no event between these times (NONE when not placeable) and sent nothing up to {@code lastSequence}. */
    record Idle(long fromMicros, long toMicros, long lastSequence, long bootId) implements Event {
    }

    record Format(StreamFormat format) implements Event {
    }

    record Unit(TimedUnit unit, long bootId, boolean afterOverflow) implements Event {
    }

    record GapHeard(String reason) implements Event {
    }

    /** The camera changed hands at this cloud time: no segment may hold video from both sides of it. */
    record OwnerChanged(long atMicros) implements Event {
    }

    record Flush(Session session) implements Event {
    }

    record Shutdown(CountDownLatch done) implements Event {
    }

    /** One connection of the camera; acks go to the newest one. */
    static final class Session {
        final long bootId;
        final PersistedAcks acks;
        volatile boolean closed;

        Session(long bootId, PersistedAcks acks) {
            this.bootId = bootId;
            this.acks = acks;
        }
    }

    private final Recorder recorder;
    private final String serial;

    // Producer side, guarded by this.
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean scheduled;
    private boolean dropping;
    private boolean shutDown;
    private boolean drained;
    private long overflows; // units dropped for a full queue
    private long overflowLoggedAt;
    private long processingMicros = NONE; // time of the unit a recorder thread is writing

    private volatile Session current;
    private volatile long persistedBoot = NONE;
    private volatile long persistedSequence = NONE;
    /** Start of the open segment until its index row exists; written by the recorder thread. */
    private volatile long openSinceMicros = NONE;
    /** A new connection came: the last segment is read from the index again (another node may have written since). */
    private volatile boolean reloadLast;

    // Consumer side: one recorder thread at a time.
    private VideoTrack track;
    private SegmentFile segment;
    /** The camera's last committed segment (loaded from the index at first need), or null. */
    private Segment last;
    private boolean lastLoaded;
    /** Units dropped here since the last segment started: the hole before the next one is listed. */
    private long unusableUnits;
    private String gapReason;
    private String pausedFor;
    private boolean formatChanged;
    private long ownerChangedAt = NONE;
    private RecordingPolicies.Policy policy;
    private long policyReadAt;
    /** The idle stretch going on now ("no event"), its gap row and what of it the row says. */
    private long idleFrom = NONE;
    private long idleTo = NONE;
    private long idleRow = NONE;
    private long idleWrittenTo = NONE;
    private long idleWrittenAt;
    /** Where the last idle stretch ended (a later segment or stretch is measured from here too). */
    private long idleEndedAt = NONE;
    /** Recent live-only units, contiguous, from a keyframe: a clip's pre-roll when one starts. */
    private final ArrayDeque<TimedUnit> liveCache = new ArrayDeque<>();
    private long liveCacheBytes;
    /** Finished segments, gap rows and acks waiting, in order, for the store and the index. */
    private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
    /** Earliest start of a segment in {@link #waiting} (not indexed), for {@link #unindexedSince}. */
    private volatile long waitingSinceMicros = NONE;
    private long retryMillis;
    private boolean retryScheduled;
    /** The session told it is overloaded (told once). */
    private Session refused;

    CameraRecorder(Recorder recorder, String serial) {
        this.recorder = recorder;
        this.serial = serial;
    }

    /** A new connection of the camera starts streaming; it is told at once what is already stored. */
    Session opened(long bootId, PersistedAcks acks) {
        Session session = new Session(bootId, acks);
        current = session;
        reloadLast = true;
        if (persistedBoot == bootId && persistedSequence != NONE) {
            acks.persisted(persistedSequence);
        }
        return session;
    }

    void closed(Session session) {
        session.closed = true;
        recorder.later(() -> offer(new Flush(session)), recorder.settings().reconnectGraceMillis());
    }

    /**
     * The earliest time of video received and not yet indexed: the unit being written, the first
     * queued unit (a camera's units arrive in time order), the open segment. The queue and the unit
     * in hand are read under the lock the recorder thread takes to poll, then the open segment —
     * in that order, so a unit that starts a segment is seen either in hand or as the segment.
     */
    OptionalLong unindexedSince() {
        long earliest = Long.MAX_VALUE;
        synchronized (this) {
            if (processingMicros != NONE) {
                earliest = processingMicros;
            }
            for (Event event : queue) {
                if (event instanceof Unit u) {
                    earliest = Math.min(earliest, u.unit().timeMicros());
                    break;
                }
            }
        }
        long open = openSinceMicros;
        if (open != NONE) {
            earliest = Math.min(earliest, open);
        }
        long waitingSince = waitingSinceMicros;
        if (waitingSince != NONE) {
            earliest = Math.min(earliest, waitingSince);
        }
        return earliest == Long.MAX_VALUE ? OptionalLong.empty() : OptionalLong.of(earliest);
    }

    /** Queues an event (any thread). A unit that does not fit is released and the gap recorded later. */
    void offer(Event event) {
        boolean run;
        synchronized (this) {
            if (shutDown || drained && (event instanceof Unit || event instanceof LiveOnly)) {
                if (event instanceof Unit u) {
                    u.unit().release();
                }
                if (event instanceof LiveOnly l && l.unit() != null) {
                    l.unit().release();
                }
                if (event instanceof Shutdown s) {
                    s.done().countDown();
                }
                return;
            }
            if (event instanceof Unit u) {
                TimedUnit unit = u.unit();
                int size = unit.payload().readableBytes();
                if (dropping && !unit.keyframe()) {
                    overflows++;
                    recorder.countDropped();
                    unit.release();
                    return;
                }
                if (queuedBytes + size > recorder.settings().queueBytesPerCamera()) {
                    overflows++;
                    long now = System.nanoTime();
                    if (!dropping && (overflowLoggedAt == 0 || now - overflowLoggedAt > OVERFLOW_LOG_NANOS)) {
                        overflowLoggedAt = now;
                        log.warn("camera {}: recorder queue full ({} bytes waiting for storage); dropping video "
                                + "up to the next keyframe ({} units dropped so far)", serial, queuedBytes, overflows);
                    }
                    dropping = true;
                    recorder.countDropped();
                    unit.release();
                    return;
                }
                if (dropping) {
                    dropping = false;
                    event = new Unit(unit, u.bootId(), true);
                }
                queuedBytes += size;
                recorder.countQueued(1);
            }
            if (event instanceof LiveOnly l && l.unit() != null) {
                int size = l.unit().payload().readableBytes();
                if (queuedBytes + size > recorder.settings().queueBytesPerCamera()) {
                    l.unit().release(); // no room to keep it as a pre-roll; still acknowledged in turn
                    event = new LiveOnly(l.sequence(), l.timeMicros(), l.bootId(), null);
                } else {
                    queuedBytes += size;
                }
            }
            if (event instanceof Shutdown) {
                shutDown = true;
            }
            queue.add(event);
            run = !scheduled;
            scheduled = true;
        }
        if (run) {
            recorder.execute(this::drain);
        }
    }

    private void drain() {
        for (int i = 0; i < EVENTS_PER_TURN; i++) {
            Event event;
            synchronized (this) {
                event = queue.poll();
                if (event == null) {
                    scheduled = false;
                    processingMicros = NONE;
                    return;
                }
                processingMicros = NONE;
                if (event instanceof Unit u) {
                    queuedBytes -= u.unit().payload().readableBytes();
                    processingMicros = u.unit().timeMicros();
                }
                if (event instanceof LiveOnly l && l.unit() != null) {
                    queuedBytes -= l.unit().payload().readableBytes();
                }
            }
            try {
                process(event);
            } catch (RuntimeException e) {
                log.warn("camera {}: recorder error on {}: {}", serial, event.getClass().getSimpleName(), e.toString(),
                        e);
            }
        }
        recorder.execute(this::drain); // other cameras get a turn
    }

    private void process(Event event) {
        if (drained && (event instanceof Unit || event instanceof LiveOnly || event instanceof Idle)) {
            if (event instanceof Unit u) {
                u.unit().release(); // came after the drain: the camera resends it to its next node
                recorder.countQueued(-1);
            } else if (event instanceof LiveOnly l && l.unit() != null) {
                l.unit().release();
            }
            return;
        }
        if (event instanceof Retry) {
            retryScheduled = false;
            flushWaiting();
        } else if (event instanceof Drain d) {
            drain(d);
        } else if (event instanceof Unit u) {
            try {
                if (u.unit().clipFromSequence() >= 0) {
                    recordLivePreRoll(u.unit().clipFromSequence(), u.unit().sequence(), u.bootId());
                }
                clearLiveCache();
                onUnit(u);
            } finally {
                u.unit().release();
                recorder.countQueued(-1);
            }
        } else if (event instanceof LiveOnly l) {
            closeSegment(NONE); // the clip is over: the video now is for viewers only
            idle(l.timeMicros(), l.timeMicros());
            persisted(l.bootId(), l.sequence());
            if (l.unit() != null) {
                cacheLive(l.unit());
            } else {
                clearLiveCache();
            }
        } else if (event instanceof Idle i) {
            clearLiveCache();
            closeSegment(NONE);
            if (i.fromMicros() != NONE) {
                idle(i.fromMicros(), i.toMicros());
            }
            persisted(i.bootId(), i.lastSequence());
        } else if (event instanceof Format f) {
            onFormat(f.format());
        } else if (event instanceof GapHeard g) {
            gapReason = g.reason();
        } else if (event instanceof OwnerChanged o) {
            ownerChangedAt = o.atMicros();
        } else if (event instanceof Flush f) {
            if (current == f.session() && f.session().closed) {
                closeSegment(NONE);
                writeIdle();
                clearLiveCache();
            }
        } else if (event instanceof Shutdown s) {
            closeSegment(NONE);
            writeIdle();
            clearLiveCache();
            if (!waiting.isEmpty()) {
                flushWaiting();
            }
            abandonWaiting();
            synchronized (this) {
                queue.forEach(e -> {
                    if (e instanceof Unit u) {
                        u.unit().release();
                        recorder.countQueued(-1);
                    }
                    if (e instanceof LiveOnly l && l.unit() != null) {
                        l.unit().release();
                    }
                });
                queue.clear();
            }
            s.done().countDown();
        }
    }

    /** A new format ends the segment at once: no picture of the new format may land in it. */
    private void onFormat(StreamFormat format) {
        try {
            VideoTrack t = VideoTrack.of(NalUnit.of(format.sps()), NalUnit.of(format.pps()));
            if (track != null && !track.sameConfiguration(t)) {
                closeSegment(NONE);
                formatChanged = true;
            }
            track = t;
        } catch (MalformedH264Exception e) {
            log.warn("camera {}: stream format not usable for recording: {}", serial, e.getMessage());
        }
    }

    private void onUnit(Unit u) {
        TimedUnit unit = u.unit();
        long time = unit.timeMicros();
        if (u.afterOverflow()) {
            gapReason = "recorder queue full (storage too slow)";
            unusableUnits++; // the units before it were dropped at offer and counted there
        }
        boolean hole = unit.discontinuity() || u.afterOverflow()
                || (segment != null && time - segment.lastMicros > recorder.settings().gapMicros());
        if (hole) {
            closeSegment(NONE);
        }
        if (segment != null && segment.startMicros < ownerChangedAt && time >= ownerChangedAt) {
            closeSegment(NONE); // the rest belongs to the next owner, from the next keyframe
            gapReason = "camera changed owner";
        }
        if (track == null) {
            unusable("no usable stream format");
            return;
        }
        // Ingest indexed the unit's NAL units; only a keyframe's few parameter-set bytes are read here.
        try {
            if (unit.keyframe() && !track.describes(unit.payload(), unit.index())) {
                VideoTrack inBand = VideoTrack.of(unit.payload(), unit.index());
                closeSegment(time);
                track = inBand;
                formatChanged = true;
            }
        } catch (MalformedH264Exception e) {
            log.warn("camera {}: keyframe {} carries unusable parameter sets: {}", serial, unit.sequence(),
                    e.getMessage());
            return;
        }
        if (segment != null && unit.keyframe() && time - segment.startMicros >= recorder.settings().segmentMicros()) {
            closeSegment(time);
        }
        if (segment == null) {
            boolean open = unit.keyframe() ? startSegment(unit, u.bootId()) : continueLastSegment(unit, u.bootId());
            if (!open) {
                return;
            }
        }
        segment.eventClip |= unit.eventClip();
        try {
            segment.add(unit, time);
        } catch (IOException e) {
            storageFailed(e);
        }
    }

    private boolean startSegment(TimedUnit unit, long bootId) {
        if (!policy().enabled()) {
            pause("recording is off", false);
            persisted(bootId, unit.sequence()); // nothing to keep: the camera may drop it
            return false;
        }
        if (!room()) {
            pause("storage full", true);
            return false;
        }
        Segment previous = lastSegment();
        long lastEndMicros = previous == null ? NONE : previous.endMicros();
        long base = SegmentFile.microsToTicks(unit.timeMicros());
        if (previous != null && base < previous.baseDecodeTime() + previous.durationTicks()) {
            base = previous.baseDecodeTime() + previous.durationTicks(); // decode times never go back
        }
        long start = SegmentFile.ticksToMicros(base);
        boolean gap = previous != null && (start - lastEndMicros > LISTED_GAP_MICROS
                || unusableUnits > 0 && start > lastEndMicros);
        try {
            segment = new SegmentFile(recorder.store(), serial, track, base, bootId, unit.sequence(),
                    gap || formatChanged, recorder.settings().gapMicros());
        } catch (IOException e) {
            storageFailed(e);
            return false;
        }
        openSinceMicros = segment.startMicros;
        if (idleFrom != NONE) {
            gap = endIdle(start); // the idle stretch reaches this segment ("no event"), listed already
        } else if (idleEndedAt != NONE && idleEndedAt > lastEndMicros && gap) {
            lastEndMicros = idleEndedAt; // an idle stretch is listed after the last segment: the gap starts after it
            gap = start - lastEndMicros > LISTED_GAP_MICROS || unusableUnits > 0 && start > lastEndMicros;
        }
        if (gap) {
            String reason = gapReason != null ? gapReason : pausedFor != null ? pausedFor : "no video from the camera";
            listGap(lastEndMicros, start, reason);
        }
        if (unusableUnits > 0) {
            log.info("camera {}: {} units before this keyframe could not be recorded ({}); listed as a gap", serial,
                    unusableUnits, gapReason);
        }
        if (pausedFor != null) {
            log.info("camera {}: recording resumed", serial);
        }
        pausedFor = null;
        gapReason = null;
        formatChanged = false;
        unusableUnits = 0;
        return true;
    }

    /**
     * A unit that is no keyframe, and no segment open: if it is the next unit of the camera's last
     * segment, reopens that segment (see the class comment); otherwise the unit cannot be decoded —
     * its keyframe is not recorded — and is counted as unusable. While recording is paused (off,
     * storage full) it is part of the pause's gap.
     */
    private boolean continueLastSegment(TimedUnit unit, long bootId) {
        if (pausedFor != null) {
            return false;
        }
        Segment previous = lastSegment();
        if (previous != null && previous.startMicros() < ownerChangedAt && unit.timeMicros() >= ownerChangedAt) {
            gapReason = "camera changed owner"; // never reopened across it: the next owner's video starts at a keyframe
            return false;
        }
        if (!waiting.isEmpty()) {
            unusable("storage unreachable: the segment the camera resent the rest of is not stored yet");
            return false;
        }
        if (previous == null || previous.bootId() != bootId || unit.sequence() != previous.lastSequence() + 1
                || unit.discontinuity() || formatChanged) {
            unusable("video without its keyframe");
            return false;
        }
        if (!policy().enabled()) {
            pause("recording is off", false); // its next keyframe is acknowledged as nothing to keep
            return false;
        }
        if (!room()) {
            pause("storage full", true);
            return false;
        }
        try {
            segment = SegmentFile.continuing(recorder.store(), previous, track, recorder.settings().gapMicros());
        } catch (IOException e) {
            log.warn("camera {}: cannot continue segment {} with the video the camera resent: {}", serial,
                    previous.storageKey(), e.toString());
            unusable("recorder closed the segment before the camera resent the rest of it, and could not reopen it");
            return false;
        }
        recorder.countContinued();
        log.info("camera {}: segment {} continues with units from {} the camera resent after its reconnect", serial,
                previous.id(), unit.sequence());
        return true;
    }

    /**
     * The camera had no event from {@code from} to {@code to}: starts the idle stretch (from the end of
     * the last segment when it follows it closely, so the timeline has no sliver between a clip and
     * "no event"), or makes it longer.
     */
    private void idle(long from, long to) {
        if (idleFrom != NONE && from - idleTo > recorder.settings().gapMicros()) {
            endIdle(idleTo); // the camera was away in between: that is no "no event"
        }
        if (idleFrom == NONE) {
            long lastEnd = listedUntil();
            idleFrom = lastEnd != NONE && from >= lastEnd && from - lastEnd <= recorder.settings().gapMicros()
                    ? lastEnd : from;
            if (lastEnd != NONE && idleFrom - lastEnd > LISTED_GAP_MICROS) {
                listHole(lastEnd, idleFrom);
            }
            idleTo = Math.max(to, idleFrom);
            idleRow = NONE;
            recorder.index().gaps(serial, idleFrom, idleFrom + 1).stream()
                    .filter(g -> IDLE_REASON.equals(g.reason()) && g.endMicros() >= idleFrom)
                    .reduce((a, b) -> b)
                    .ifPresent(g -> { // a stretch listed before a restart of the node goes on
                        idleFrom = g.startMicros();
                        idleRow = g.id();
                        idleWrittenTo = g.endMicros();
                    });
            writeIdle();
            return;
        }
        idleTo = Math.max(idleTo, to);
        if (System.nanoTime() - idleWrittenAt >= IDLE_WRITE_NANOS) {
            writeIdle();
        }
    }

    /** Brings the idle stretch's gap row up to date. */
    private void writeIdle() {
        if (idleFrom == NONE || (idleRow != NONE && idleWrittenTo == idleTo)) {
            return;
        }
        try {
            if (idleRow == NONE || !recorder.index().extendGap(idleRow, idleTo)) {
                idleRow = recorder.index().addGap(serial, idleFrom, idleTo, IDLE_REASON);
            }
            idleWrittenTo = idleTo;
        } catch (RuntimeException e) {
            log.warn("camera {}: could not list its idle stretch: {}", serial, e.toString());
        }
        idleWrittenAt = System.nanoTime();
    }

    /**
     * A segment starts at {@code start}: the idle stretch ends there. Lists what lies between the
     * previous segment and the stretch, if that is more than rounding; returns false (the caller lists
     * no gap of its own: the stretch and this cover it).
     */
    private boolean endIdle(long start) {
        if (start <= idleTo) {
            idleTo = Math.max(idleFrom, start); // a clip whose pre-roll came as live video: idle up to it
        } else if (start - idleTo <= recorder.settings().gapMicros()) {
            idleTo = start;
        }
        writeIdle();
        if (idleTo < start - LISTED_GAP_MICROS) {
            listHole(idleTo, start);
        }
        idleEndedAt = idleTo;
        idleFrom = NONE;
        idleTo = NONE;
        idleRow = NONE;
        idleWrittenTo = NONE;
        return false;
    }

    /** Keeps a live-only unit (takes over its reference) as part of a possible pre-roll. */
    private void cacheLive(TimedUnit unit) {
        TimedUnit last = liveCache.peekLast();
        if (last != null && unit.sequence() != last.sequence() + 1) {
            clearLiveCache(); // not contiguous: nothing before it can be a pre-roll of what follows
        }
        if (liveCache.isEmpty() && !unit.keyframe()) {
            unit.release();
            return;
        }
        liveCache.addLast(unit);
        liveCacheBytes += unit.payload().readableBytes();
        if (unit.keyframe()) {
            TimedUnit keep = null;
            for (TimedUnit c : liveCache) {
                if (c.keyframe() && c.timeMicros() <= unit.timeMicros() - LIVE_PRE_ROLL_MICROS) {
                    keep = c;
                }
            }
            while (keep != null && liveCache.peekFirst() != keep) {
                dropOldestLive();
            }
        }
        while (liveCacheBytes > LIVE_CACHE_BYTES && !liveCache.isEmpty()) {
            dropOldestLive();
            while (!liveCache.isEmpty() && !liveCache.peekFirst().keyframe()) {
                dropOldestLive();
            }
        }
    }

    /**
     * A clip starts with unit {@code clipSequence} and says its pre-roll came as live video from
     * {@code fromSequence}: records those units first, as part of the clip, if they are all here.
     */
    private void recordLivePreRoll(long fromSequence, long clipSequence, long bootId) {
        TimedUnit last = liveCache.peekLast();
        if (last == null || last.sequence() != clipSequence - 1) {
            log.info("camera {}: clip at {} has its pre-roll from {} no more; recorded from its next keyframe", serial,
                    clipSequence, fromSequence);
            return;
        }
        while (!liveCache.isEmpty() && liveCache.peekFirst().sequence() < fromSequence) {
            dropOldestLive();
        }
        if (liveCache.isEmpty() || !liveCache.peekFirst().keyframe()) {
            return;
        }
        for (TimedUnit cached : liveCache) {
            TimedUnit clip = cached.asEventClip();
            try {
                onUnit(new Unit(clip, bootId, false));
            } finally {
                clip.release();
            }
        }
    }

    private void dropOldestLive() {
        TimedUnit oldest = liveCache.pollFirst();
        liveCacheBytes -= oldest.payload().readableBytes();
        oldest.release();
    }

    private void clearLiveCache() {
        while (!liveCache.isEmpty()) {
            dropOldestLive();
        }
    }

    /** The end of what the index lists of this camera: its last segment or its last idle stretch. */
    private long listedUntil() {
        Segment previous = lastSegment();
        long lastEnd = previous == null ? NONE : previous.endMicros();
        return Math.max(lastEnd, idleEndedAt);
    }

    private void listHole(long from, long to) {
        String reason = gapReason != null && !IDLE_REASON.equals(gapReason) ? gapReason
                : pausedFor != null ? pausedFor : "no video from the camera";
        listGap(from, to, reason);
    }

    /** A unit that cannot be recorded: counted, and the hole before the next segment is listed with {@code reason}. */
    private void unusable(String reason) {
        recorder.countUnusable();
        unusableUnits++;
        if (gapReason == null) {
            gapReason = reason;
        }
    }

    /**
     * The camera's newest finished segment: from the index at first need and after each new
     * connection (another node may have recorded the camera meanwhile), unless segments of this node
     * still wait to be indexed (the newest of those is it). Null when none, or the index is unreachable.
     */
    private Segment lastSegment() {
        if (reloadLast && waiting.isEmpty()) {
            reloadLast = false;
            lastLoaded = false;
        }
        if (!lastLoaded) {
            try {
                last = recorder.index().latest(serial).orElse(null);
                lastLoaded = true;
            } catch (RuntimeException e) {
                recorder.failed(e);
                log.warn("camera {}: cannot read its last segment ({}); the next one starts where its video does",
                        serial, e.toString());
                return null;
            }
        }
        return last;
    }

    /** Retention's room check; a database that does not answer does not stop recording. */
    private boolean room() {
        try {
            return recorder.room().ensureRoom();
        } catch (RuntimeException e) {
            log.warn("camera {}: storage room check failed ({}); recording", serial, e.toString());
            return true;
        }
    }

    /** Lists a gap now, or in turn behind the segments waiting for the store or index. */
    private void listGap(long from, long to, String reason) {
        waiting.add(new GapRow(from, to, reason));
        flushWaiting();
    }

    private void closeSegment(long nextMicros) {
        SegmentFile s = segment;
        if (s == null) {
            return;
        }
        segment = null;
        Segment row;
        try {
            row = s.finish(serial, nextMicros);
        } catch (IOException e) {
            s.abort();
            openSinceMicros = NONE;
            storageFailed(e);
            return;
        }
        store(s, row);
    }

    /**
     * A finished segment joins the waiting line and the line is stored as far as it goes. The newest
     * finished segment is the camera's last one from now on, stored or not (the next starts after it).
     * When the node's waiting bytes passed their bound, the camera is told to come back later.
     */
    private void store(SegmentFile s, Segment row) {
        if (waitingSinceMicros == NONE) {
            waitingSinceMicros = row.startMicros();
        }
        openSinceMicros = NONE;
        waiting.add(new StoredSegment(s, row));
        recorder.backlogAdded(row.sizeBytes());
        last = row;
        lastLoaded = true;
        flushWaiting();
        if (!waiting.isEmpty() && recorder.backlogFull()) {
            Session session = current;
            if (session != null && refused != session && !session.closed) {
                refused = session;
                session.acks.overloaded("storage unreachable and the node's recording backlog is full; retry later");
            }
        }
    }

    /**
     * Stores what waits, in order, until the line is empty or the store or the index fails; then the
     * line is retried after a growing, jittered backoff.
     */
    private void flushWaiting() {
        if (retryScheduled) {
            return; // the planned retry goes first
        }
        while (!waiting.isEmpty()) {
            Waiting next = waiting.peek();
            try {
                persist(next);
            } catch (IOException | RuntimeException e) {
                recorder.failed(e);
                retryMillis = retryMillis == 0 ? RETRY_FIRST_MILLIS : Math.min(RETRY_MAX_MILLIS, retryMillis * 2);
                if (next instanceof StoredSegment stored) {
                    if (!stored.tried) {
                        log.warn("camera {}: cannot store segment {} ({}); it waits on local disk, not acknowledged",
                                serial, stored.row.storageKey(), e.toString());
                    }
                    stored.tried = true;
                }
                retryScheduled = true;
                long jitter = java.util.concurrent.ThreadLocalRandom.current().nextLong(retryMillis / 4 + 1);
                recorder.later(() -> offer(new Retry()), retryMillis + jitter);
                return;
            }
            waiting.poll();
            Waiting following = waiting.peek();
            waitingSinceMicros = following instanceof StoredSegment f ? f.row.startMicros()
                    : waiting.isEmpty() ? NONE : waitingSinceMicros;
        }
        if (retryMillis != 0) {
            log.info("camera {}: store and database reachable again; everything that waited is stored", serial);
        }
        retryMillis = 0;
        waitingSinceMicros = NONE;
    }

    /** Stores one waiting item; throws when the store or the index cannot take it now (it stays first in line). */
    private void persist(Waiting next) throws IOException {
        if (next instanceof GapRow g) {
            recorder.index().addGap(serial, g.fromMicros(), g.toMicros(), g.reason());
        } else if (next instanceof Ack a) {
            ack(a.bootId(), a.sequence());
        } else if (next instanceof StoredSegment stored) {
            SegmentFile s = stored.file;
            if (!stored.committed) {
                // Marked first: a crash from here until the row is in leaves a mark for start-up recovery.
                recorder.marks().pending(serial, s.key);
                if (s.replaces != null) {
                    recorder.marks().pending(serial, s.replaces.storageKey());
                }
                s.commit();
                stored.committed = true;
            }
            if (stored.indexed == null) {
                stored.indexed = indexed(stored);
                recorder.backlogRemoved(stored.row.sizeBytes());
                recorder.countSegment(s.replaces == null, stored.indexed.sizeBytes());
            }
            Segment row = stored.indexed;
            if (s.replaces != null) {
                deleteQuietly(s.replaces.storageKey()); // after the row moved on
                recorder.marks().done(s.replaces.storageKey());
            }
            recorder.marks().done(s.key);
            if (last == null || last.endMicros() <= row.endMicros()) {
                last = row; // with its id now
            }
            ack(row.bootId(), row.lastSequence());
        }
    }

    /** The segment's index row: added (or, after a failed try, found), or the continued segment's row moved on. */
    private Segment indexed(StoredSegment stored) {
        Segment row = stored.row;
        if (stored.file.replaces != null) {
            return index(stored.file.replaces, row);
        }
        if (stored.tried) {
            java.util.Optional<Segment> there = recorder.index().byStorageKey(serial, row.storageKey());
            if (there.isPresent()) {
                return there.get(); // the earlier try reached the database after all
            }
        }
        return recorder.index().add(row);
    }

    /** A continued segment takes over its old row; if retention removed that meanwhile, it gets its own. */
    private Segment index(Segment old, Segment grown) {
        return recorder.index().replace(old, grown).orElseGet(() -> recorder.index().add(grown));
    }

    /** Everything of the boot up to {@code sequence} is stored (or needs no storing): acknowledged in turn. */
    private void persisted(long bootId, long sequence) {
        if (waiting.isEmpty()) {
            ack(bootId, sequence);
        } else {
            waiting.add(new Ack(bootId, sequence));
        }
    }

    private void ack(long bootId, long sequence) {
        persistedBoot = bootId;
        persistedSequence = sequence;
        Session session = current;
        if (session != null && session.bootId == bootId) {
            session.acks.persisted(sequence);
        }
    }

    /**
     * The node drains: the open segment ends where its last keyframe starts (see the class comment),
     * what waits is stored if the store answers, and no more video is taken.
     */
    private void drain(Drain d) {
        synchronized (this) {
            drained = true;
        }
        SegmentFile s = segment;
        if (s != null) {
            segment = null;
            try {
                Segment row = s.finishAtLastKeyframe(serial);
                if (row == null) {
                    s.abort(); // no keyframe after its first frame: the camera resends it all
                    openSinceMicros = NONE;
                } else {
                    store(s, row);
                }
            } catch (IOException e) {
                s.abort();
                openSinceMicros = NONE;
                log.warn("camera {}: could not end its segment for the drain ({}); not acknowledged, the camera "
                        + "resends it", serial, e.toString());
            }
        }
        writeIdle();
        clearLiveCache();
        d.done().countDown();
    }

    /**
     * At shutdown: what still waits for the store or index is given up — never acknowledged, so the
     * camera resends it; an object committed without its row is removed by the next start's recovery.
     */
    private void abandonWaiting() {
        int segments = 0;
        for (Waiting w : waiting) {
            if (w instanceof StoredSegment stored && stored.indexed == null) {
                segments++;
                recorder.backlogRemoved(stored.row.sizeBytes());
                if (!stored.committed) {
                    stored.file.abort();
                }
            }
        }
        if (segments > 0) {
            log.warn("camera {}: {} segments could not be stored before the stop; not acknowledged, the camera "
                    + "resends them", serial, segments);
        }
        waiting.clear();
        waitingSinceMicros = NONE;
    }

    private void storageFailed(IOException e) {
        if (segment != null) {
            segment.abort();
            segment = null;
        }
        openSinceMicros = NONE;
        log.warn("camera {}: storage write failed ({}); segment discarded, not acknowledged; freeing space", serial,
                e.toString());
        pause("storage write failed", true);
        recorder.room().ensureRoom();
    }

    private void pause(String reason, boolean warn) {
        if (!reason.equals(pausedFor)) {
            if (warn) {
                log.warn("camera {}: recording paused: {}", serial, reason);
            } else {
                log.info("camera {}: not recording: {}", serial, reason);
            }
        }
        pausedFor = reason;
        gapReason = reason;
    }

    private RecordingPolicies.Policy policy() {
        long now = System.nanoTime();
        if (policy == null || now - policyReadAt > POLICY_REFRESH_NANOS) {
            try {
                policy = recorder.policies().of(serial);
            } catch (RuntimeException e) {
                log.warn("camera {}: cannot read its recording settings ({}); recording", serial, e.toString());
                policy = RecordingPolicies.Policy.DEFAULT;
            }
            policyReadAt = now;
        }
        return policy;
    }

    private void deleteQuietly(String key) {
        try {
            recorder.store().delete(key);
        } catch (IOException e) {
            log.warn("camera {}: could not delete {}: {} (removed at the next start)", serial, key, e.toString());
        }
    }
}
