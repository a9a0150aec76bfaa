package camcloud.device.uplink;

import camcloud.protocol.v1.GapKind;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's bounded RAM buffer of video the cloud has not yet acknowledged as persisted: every unit
 * read from the ring waits here until a {@code MediaAck} covers it, so a unit sent just before the
 * connection broke is sent again after the reconnect under the same sequence number, and an outage
 * shorter than the buffer leaves no gap.
 *
 * <p>Bounded by payload bytes. When a new unit does not fit, the oldest <em>whole GOP</em> goes (a
 * decoder needs the keyframe to use anything after it, so dropping half a GOP would keep bytes nobody
 * can play); if that was the GOP the new unit belongs to, the rest of that GOP is dropped as it
 * arrives, until the next keyframe. Every dropped run of sequence numbers becomes a
 * {@link DroppedRun}, sent to the cloud as a {@code MediaGap}: a gap is recorded, never hidden.
 *
 * <p>Sequence numbers are assigned here, per camera boot (the life of this buffer), +1 per unit,
 * never reused, including for dropped units, so the cloud sees exactly which ones are missing. Units
 * before the first keyframe of the stream get none: there is nothing before them to be missing from.
 *
 * <p><b>Events-only recording.</b> A unit appended with {@link RecordingGate.Route#HOLD} waits in
 * {@link #held} (pre-roll) instead of being sent; {@link #trimHeld} drops held units older than the
 * pre-roll, keeping from a keyframe, as an idle run ({@code GAP_KIND_IDLE}: not lost, not sent on
 * purpose); {@link #releaseHeld} sends what is held (an event started, or somebody watches live).
 * Recorded video (continuous or a clip) always starts on a keyframe or continues the recorded unit
 * before it: a recorded unit that can do neither is dropped as idle, since the cloud could not
 * decode it.
 *
 * <p>Ownership: {@link #append} takes over the caller's reference to the payload; the buffer
 * releases it when the unit is acknowledged or dropped, or on {@link #close()}. Not thread-safe: the
 * agent touches it on its event loop only.
 */
final class UploadBuffer implements AutoCloseable {

    static final String REASON_FULL = "upload buffer full";
    static final String REASON_NO_KEYFRAME = "keyframe of this GOP was dropped";
    static final String REASON_TOO_LARGE = "unit larger than the upload buffer";
    static final String REASON_IDLE = "no event: events-only recording";

    private final long maxBytes;
    /** Sent in this session, awaiting acknowledgement; older than every unit in {@link #unsent}. */
    private final ArrayDeque<BufferedUnit> sent = new ArrayDeque<>();
    private final ArrayDeque<BufferedUnit> unsent = new ArrayDeque<>();
    /** Held back as pre-roll (events-only recording, no clip open); newer than every unit in {@link #unsent}. */
    private final ArrayDeque<BufferedUnit> held = new ArrayDeque<>();
    /** Sequence of the last unit queued to be recorded (continuous or clip); a new one must continue it or be a keyframe. */
    private long lastRecorded = -2;
    /** The last unit sent live only, and the live-only keyframes of the last {@link RecordingGate#MAX_PRE_ROLL}. */
    private long lastLiveOnly = -2;
    private final ArrayDeque<long[]> liveKeyframes = new ArrayDeque<>(); // {sequence, captureMicros}
    /** Where the next clip starts when its pre-roll went up live only; -1: none. */
    private long pendingClipFrom = -1;
    private final List<DroppedRun> gaps = new ArrayList<>();
    private long bytes;
    private long nextSequence;
    private boolean started;
    private boolean skipping;
    private long lastCaptureMicros;
    private long highestSent = -1;

    private long appended;
    private long skippedBeforeStart;
    private long unitsSent;
    private long unitsResent;
    private long unitsAcked;
    private long unitsDropped;
    private long gapsRecorded;
    private long unitsIdle;

    UploadBuffer(long maxBytes) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("upload buffer bytes must be positive, was " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * Adds the next unit of the stream, dropping the oldest GOPs if it does not fit. Takes over the
     * caller's reference to {@code payload}.
     *
     * @param format the unit's stream format; null while none is known (only before the first keyframe)
     */
    void append(ByteBuf payload, boolean keyframe, long captureMicros, long wallMillis, FormatSlot format) {
        append(payload, keyframe, captureMicros, wallMillis, format, RecordingGate.Route.RECORD);
    }

    /** As {@link #append(ByteBuf, boolean, long, long, FormatSlot)}, routed as the recording gate says. */
    void append(ByteBuf payload, boolean keyframe, long captureMicros, long wallMillis, FormatSlot format,
                RecordingGate.Route route) {
        if (!started) {
            if (!keyframe || format == null) {
                payload.release();
                skippedBeforeStart++;
                return;
            }
            started = true;
        }
        long sequence = nextSequence++;
        appended++;
        lastCaptureMicros = captureMicros;
        if (skipping && !keyframe) {
            payload.release();
            dropped(sequence, captureMicros, captureMicros, REASON_NO_KEYFRAME, GapKind.GAP_KIND_UNSPECIFIED);
            return;
        }
        int size = payload.readableBytes();
        if (size > maxBytes) {
            payload.release();
            dropped(sequence, captureMicros, captureMicros, REASON_TOO_LARGE, GapKind.GAP_KIND_UNSPECIFIED);
            skipping = true;
            return;
        }
        while (bytes + size > maxBytes) {
            boolean ownGopGone = dropOldestGop();
            if (ownGopGone && !keyframe) {
                payload.release();
                dropped(sequence, captureMicros, captureMicros, REASON_NO_KEYFRAME, GapKind.GAP_KIND_UNSPECIFIED);
                skipping = true;
                return;
            }
        }
        skipping = false;
        BufferedUnit unit = new BufferedUnit(sequence, keyframe, captureMicros, wallMillis, payload, format);
        bytes += size;
        if (route == RecordingGate.Route.HOLD) {
            held.addLast(unit);
        } else {
            queue(unit, route);
        }
    }

    /** Puts a unit in line to be sent as {@code route} says, or drops it as idle if it cannot be recorded. */
    private void queue(BufferedUnit unit, RecordingGate.Route route) {
        if (route == RecordingGate.Route.LIVE_ONLY) {
            unit.liveOnly = true;
            unsent.addLast(unit);
            lastLiveOnly = unit.sequence();
            if (unit.keyframe()) {
                liveKeyframes.addLast(new long[] {unit.sequence(), unit.captureMicros()});
                long horizon = unit.captureMicros() - RecordingGate.MAX_PRE_ROLL.toNanos() / 1000;
                while (liveKeyframes.size() > 1 && secondLiveKeyframe()[1] <= horizon) {
                    liveKeyframes.pollFirst();
                }
            }
            return;
        }
        if (pendingClipFrom >= 0 && route == RecordingGate.Route.CLIP && unit.sequence() == lastLiveOnly + 1) {
            unit.clipFrom = pendingClipFrom; // the cloud records the live-only pre-roll from there, then this
            unit.eventClip = true;
            pendingClipFrom = -1;
            lastRecorded = unit.sequence();
            unsent.addLast(unit);
            return;
        }
        pendingClipFrom = -1;
        if (!unit.keyframe() && unit.sequence() != lastRecorded + 1) {
            dropIdle(unit); // a clip starting mid-GOP: nothing could decode it; the clip starts at the next keyframe
            return;
        }
        unit.eventClip = route == RecordingGate.Route.CLIP;
        lastRecorded = unit.sequence();
        unsent.addLast(unit);
    }

    /**
     * Drops held units older than the pre-roll: everything before the newest held keyframe captured
     * at or before {@code cutoffMicros} (so what is held always starts on a keyframe, or continues the
     * recorded unit before it), as an idle run.
     */
    void trimHeld(long cutoffMicros) {
        BufferedUnit keep = null;
        for (BufferedUnit u : held) {
            if (u.captureMicros() > cutoffMicros) {
                break;
            }
            if (u.keyframe()) {
                keep = u;
            }
        }
        if (keep == null) {
            BufferedUnit first = held.peekFirst();
            if (first == null || first.keyframe() || first.sequence() == lastRecorded + 1) {
                return; // starts on a keyframe, or continues the last clip's GOP: a clip may still take it
            }
            keep = held.stream().filter(BufferedUnit::keyframe).findFirst().orElse(null);
        }
        while (!held.isEmpty() && held.peekFirst() != keep) {
            dropIdle(held.pollFirst());
        }
    }

    /**
     * A clip starts now, and what came just before went up live only (somebody watches): its pre-roll
     * is at the cloud already, from the newest live-only keyframe captured at or before
     * {@code cutoffMicros} (or the oldest one known). The next clip unit names it.
     */
    void clipFromLive(long cutoffMicros) {
        pendingClipFrom = -1;
        if (lastLiveOnly != nextSequence - 1 || liveKeyframes.isEmpty()) {
            return; // live-only video is not what came last: the ordinary rules apply
        }
        long from = liveKeyframes.peekFirst()[0];
        for (long[] k : liveKeyframes) {
            if (k[1] <= cutoffMicros) {
                from = k[0];
            }
        }
        pendingClipFrom = from;
    }

    private long[] secondLiveKeyframe() {
        var it = liveKeyframes.iterator();
        it.next();
        return it.next();
    }

    /** Sends everything held, as {@code route} says (a clip's pre-roll, or live video for a new viewer). */
    void releaseHeld(RecordingGate.Route route) {
        if (route == RecordingGate.Route.HOLD) {
            return;
        }
        while (!held.isEmpty()) {
            queue(held.pollFirst(), route);
        }
    }

    private void dropIdle(BufferedUnit unit) {
        bytes -= unit.size();
        unit.payload().release();
        unitsIdle++;
        unitsDropped--; // idle units are not lost: dropped() counts them, this takes it back
        dropped(unit.sequence(), unit.captureMicros(), unit.captureMicros(), REASON_IDLE, GapKind.GAP_KIND_IDLE);
    }

    /**
     * Records {@code count} units that never reached this buffer (the ring overwrote them before the
     * agent read them): they get sequence numbers and a gap, and the rest of their GOP is dropped.
     */
    void lost(long count, long nextCaptureMicros, String reason) {
        if (!started || count <= 0) {
            return;
        }
        long first = nextSequence;
        nextSequence += count;
        long firstCapture = lastCaptureMicros + 1;
        long lastCapture = Math.max(firstCapture, nextCaptureMicros - 1);
        dropped(first, firstCapture, lastCapture, reason, GapKind.GAP_KIND_UNSPECIFIED);
        lastRun().lastSequence = first + count - 1;
        unitsDropped += count - 1;
        skipping = true;
    }

    /** Drops the oldest GOP; true if nothing is left after it (the dropped GOP was the newest). */
    private boolean dropOldestGop() {
        BufferedUnit first = pollOldest();
        drop(first);
        while (peekOldest() != null && !peekOldest().keyframe()) {
            drop(pollOldest());
        }
        return peekOldest() == null;
    }

    private void drop(BufferedUnit unit) {
        bytes -= unit.size();
        unit.payload().release();
        dropped(unit.sequence(), unit.captureMicros(), unit.captureMicros(), REASON_FULL, GapKind.GAP_KIND_UNSPECIFIED);
    }

    private void dropped(long sequence, long firstCapture, long lastCapture, String reason, GapKind kind) {
        unitsDropped++;
        DroppedRun last = gaps.isEmpty() ? null : gaps.get(gaps.size() - 1);
        if (last != null && !last.sent && last.lastSequence + 1 == sequence && last.kind == kind) {
            last.lastSequence = sequence;
            last.lastCaptureMicros = Math.max(last.lastCaptureMicros, lastCapture);
            return;
        }
        gapsRecorded++;
        gaps.add(new DroppedRun(sequence, firstCapture, lastCapture, reason, kind));
    }

    private DroppedRun lastRun() {
        return gaps.get(gaps.size() - 1);
    }

    private BufferedUnit pollOldest() {
        return !sent.isEmpty() ? sent.pollFirst() : !unsent.isEmpty() ? unsent.pollFirst() : held.pollFirst();
    }

    private BufferedUnit peekOldest() {
        return !sent.isEmpty() ? sent.peekFirst() : !unsent.isEmpty() ? unsent.peekFirst() : held.peekFirst();
    }

    // ---- sending ----

    /** A new session: everything not acknowledged is sent again, gaps included, in order. */
    void restartSession() {
        while (!sent.isEmpty()) {
            unsent.addFirst(sent.pollLast());
        }
        for (DroppedRun gap : gaps) {
            gap.sent = false;
        }
    }

    /** The next unit to send in this session, or null. */
    BufferedUnit nextUnsent() {
        return unsent.peekFirst();
    }

    /** The next unit has been written to the connection. */
    void markSent() {
        BufferedUnit unit = unsent.pollFirst();
        sent.addLast(unit);
        unitsSent++;
        if (unit.sequence() <= highestSent) {
            unitsResent++;
        } else {
            highestSent = unit.sequence();
        }
    }

    /** The oldest gap not yet sent in this session that lies before {@code sequence}, or null. */
    DroppedRun nextUnsentGapBefore(long sequence) {
        DroppedRun next = null;
        for (DroppedRun gap : gaps) {
            if (!gap.sent && gap.firstSequence < sequence && (next == null || gap.firstSequence < next.firstSequence)) {
                next = gap;
            }
        }
        return next;
    }

    /**
     * The oldest idle run not yet sent in this session that no unsent unit precedes, once it spans at
     * least {@code minSpanMicros} of capture time (so an idle camera reports "no event" every few
     * seconds rather than per GOP), or null. Sent on its own: no unit may follow it soon.
     */
    DroppedRun nextRipeIdleRun(long minSpanMicros) {
        BufferedUnit first = unsent.peekFirst();
        DroppedRun earliestUnsent = null;
        for (DroppedRun gap : gaps) {
            if (gap.sent || (first != null && first.sequence() < gap.lastSequence)) {
                continue;
            }
            if (earliestUnsent == null || gap.firstSequence < earliestUnsent.firstSequence) {
                earliestUnsent = gap;
            }
            if (gap.kind == GapKind.GAP_KIND_IDLE && gap.lastCaptureMicros - gap.firstCaptureMicros >= minSpanMicros) {
                // A loss before it goes first: the acknowledgement of the idle run would cover it.
                return earliestUnsent.firstSequence < gap.firstSequence ? earliestUnsent : gap;
            }
        }
        return null;
    }

    /**
     * The cloud persisted everything up to {@code persistedSequence}: those units leave the buffer.
     * An acknowledgement of units never numbered is ignored beyond the last one.
     */
    void acknowledge(long persistedSequence) {
        long through = Math.min(persistedSequence, nextSequence - 1);
        for (ArrayDeque<BufferedUnit> queue : List.of(sent, unsent)) {
            while (!queue.isEmpty() && queue.peekFirst().sequence() <= through) {
                BufferedUnit unit = queue.pollFirst();
                bytes -= unit.size();
                unit.payload().release();
                unitsAcked++;
            }
        }
        gaps.removeIf(gap -> gap.lastSequence <= through);
    }

    long bytes() {
        return bytes;
    }

    long maxBytes() {
        return maxBytes;
    }

    /** Units held or waiting for an acknowledgement. */
    int units() {
        return sent.size() + unsent.size() + held.size();
    }

    /** Units in line for the cloud or waiting for its acknowledgement (pre-roll held back is not). */
    int unacknowledged() {
        return sent.size() + unsent.size();
    }

    /** Units held back as pre-roll. */
    int heldUnits() {
        return held.size();
    }

    /** The sequence number the next unit will get. */
    long nextSequence() {
        return nextSequence;
    }

    UplinkStats stats(long ringLost) {
        return new UplinkStats(appended, skippedBeforeStart, unitsSent, unitsResent, unitsAcked, unitsDropped,
                gapsRecorded, bytes, units(), ringLost, unitsIdle, held.size());
    }

    /** Releases every buffered payload. */
    @Override
    public void close() {
        for (ArrayDeque<BufferedUnit> queue : List.of(sent, unsent, held)) {
            while (!queue.isEmpty()) {
                queue.pollFirst().payload().release();
            }
        }
        bytes = 0;
    }
}
