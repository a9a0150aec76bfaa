package camcloud.cloud.video;

/**
 * One camera's trustworthy timeline: the cloud, not the camera's clock, decides where each access
 * unit sits in time.
 *
 * <p>Rules (decided here, tested by {@code CameraTimelineTest} with scripted timestamps):
 * <ul>
 *   <li>An <b>anchor</b> maps the camera's monotonic clock of one boot to cloud time:
 *       {@code cloud = anchorCloud + (mono - anchorMono)}. It is kept across reconnects of the same
 *       boot, so video the camera buffered during a short outage lands where it was captured.</li>
 *   <li>The first unit of a boot is anchored where it was captured: at its arrival time, or earlier
 *       when the camera's Hello told how its monotonic clock stood when it connected
 *       ({@link #clockReading}) and the unit is older than that (video buffered before the session;
 *       without the reading a backlog would be squeezed against "now" by the future tolerance, its
 *       frames microseconds apart). A new boot, a monotonic clock that
 *       goes backwards, or a unit that would sit in the future (beyond arrival + tolerance, i.e. the
 *       monotonic clock jumped ahead, or a camera sends faster than real time) starts a new anchor at
 *       {@code max(captured, min(previous unit + last frame interval, arrival + tolerance))}, where
 *       {@code captured} is the arrival time except for a boot's first unit: continuous
 *       when the camera streams live, never in the future, never overlapping what is placed.</li>
 *   <li>The camera's wall clock is never used for placement (it only travels along for prft).</li>
 *   <li>A hole longer than {@code gapMicros} between two placed units, or a new boot, is a
 *       <b>discontinuity</b>: the recorder cuts the segment there and the gap is listed.</li>
 *   <li>Times only go forward: a unit is never placed at or before the previous one.</li>
 *   <li>Units of the current boot at or below the highest sequence already placed are duplicates
 *       (the camera resends what was not yet acknowledged).</li>
 * </ul>
 * Every new anchor is reported to an {@link AnchorListener} (the node saves it, so a restart of the
 * node keeps video a camera buffered across it where it was captured; see {@link #restore}).
 * Thread-safe: sessions of one camera may overlap briefly on different event loops.
 */
public final class CameraTimeline {

    /** Told about every new anchor; called under the timeline's lock, so it must not block. */
    @FunctionalInterface
    public interface AnchorListener {
        void anchored(long bootId, long anchorCloudMicros, long anchorMonoMicros);

        AnchorListener NONE = (boot, cloud, mono) -> { };
    }

    private static final long NONE = Long.MIN_VALUE;
    private static final long NOMINAL_INTERVAL_MICROS = 40_000;
    /**
     * A clock reading that makes a unit older than this is not believed: a camera's upload buffer
     * holds seconds to minutes of video, not hours.
     */
    static final long MAX_BACKLOG_MICROS = 600_000_000L;

    private final long futureToleranceMicros;
    private final long gapMicros;

    private long bootId;
    private boolean anchored;
    private long anchorCloud;
    private long anchorMono;
    private long lastMono = NONE;
    private long lastPlaced = NONE;
    private long lastSequence = -1;
    private long lastInterval = NOMINAL_INTERVAL_MICROS;
    private String pendingGapReason;
    private long readingBoot;
    private long readingMono = NONE;
    private long readingArrival;
    private final AnchorListener listener;

    public CameraTimeline(long futureToleranceMicros, long gapMicros) {
        this(futureToleranceMicros, gapMicros, AnchorListener.NONE);
    }

    /**
     * @param futureToleranceMicros how far past its arrival a unit may be placed (network jitter)
     * @param gapMicros             a longer hole between two units is a gap; no sample lasts longer
     * @param listener              told about every new anchor
     */
    public CameraTimeline(long futureToleranceMicros, long gapMicros, AnchorListener listener) {
        this.listener = listener;
        if (futureToleranceMicros < 0 || gapMicros <= 0) {
            throw new IllegalArgumentException("timeline tolerances must be positive: future "
                    + futureToleranceMicros + " us, gap " + gapMicros + " us");
        }
        this.futureToleranceMicros = futureToleranceMicros;
        this.gapMicros = gapMicros;
    }

    /** Places one unit that arrived at cloud time {@code arrivalMicros}. */
    public synchronized Placement place(long boot, long sequence, long monoMicros, long arrivalMicros) {
        boolean sameBoot = anchored && boot == bootId;
        if (sameBoot && sequence <= lastSequence) {
            return Placement.DUPLICATE;
        }
        String reason = null;
        boolean discontinuity = false;
        long previousAnchorCloud = anchored ? anchorCloud : NONE;
        long previousAnchorMono = anchored ? anchorMono : NONE;
        if (!anchored) {
            anchor(monoMicros, captured(boot, monoMicros, arrivalMicros), arrivalMicros);
        } else if (!sameBoot) {
            anchor(monoMicros, captured(boot, monoMicros, arrivalMicros), arrivalMicros);
            reason = "camera restarted";
            discontinuity = true;
        } else if (monoMicros < lastMono) {
            anchor(monoMicros, arrivalMicros, arrivalMicros);
            reason = "camera clock went backwards";
        } else if (anchorCloud + (monoMicros - anchorMono) > arrivalMicros + futureToleranceMicros) {
            anchor(monoMicros, arrivalMicros, arrivalMicros);
            reason = "camera clock jumped ahead";
        } else if (lastMono != NONE) {
            long interval = monoMicros - lastMono;
            if (interval > 0 && interval <= gapMicros) {
                lastInterval = interval;
            }
        }
        if (anchorCloud != previousAnchorCloud || anchorMono != previousAnchorMono || boot != bootId) {
            listener.anchored(boot, anchorCloud, anchorMono);
        }
        long time = anchorCloud + (monoMicros - anchorMono);
        if (lastPlaced != NONE && time <= lastPlaced) {
            time = lastPlaced + 1;
        }
        long gapFrom = lastPlaced == NONE ? time : lastPlaced;
        if (lastPlaced != NONE && time - lastPlaced > gapMicros) {
            discontinuity = true;
            if (reason == null) {
                reason = pendingGapReason != null ? pendingGapReason : "no video from the camera";
            }
        }
        if (lastPlaced == NONE) {
            discontinuity = false;
        }
        if (discontinuity) {
            pendingGapReason = null;
        }
        bootId = boot;
        lastMono = monoMicros;
        lastPlaced = time;
        lastSequence = sequence;
        return new Placement(time, false, discontinuity, gapFrom, discontinuity ? reason : null);
    }

    /**
     * The camera of {@code boot} read {@code monoMicros} on its monotonic clock (the clock of its
     * capture times) when it sent a Hello that arrived at cloud time {@code arrivalMicros}. Used only
     * to anchor that boot's first unit (a boot already anchored keeps its anchor); the latest reading
     * counts.
     */
    public synchronized void clockReading(long boot, long monoMicros, long arrivalMicros) {
        readingBoot = boot;
        readingMono = monoMicros;
        readingArrival = arrivalMicros;
    }

    /**
     * The cloud time at which a boot's first unit was captured: by the boot's clock reading when there
     * is one that places it at most {@link #MAX_BACKLOG_MICROS} before its arrival, else its arrival.
     * Never after its arrival (the unit cannot arrive before it was captured; the reading's own network
     * delay is the error left).
     */
    private long captured(long boot, long mono, long arrival) {
        if (readingMono == NONE || readingBoot != boot) {
            return arrival;
        }
        long age = readingMono - mono; // how long before the Hello the unit was captured (negative: after)
        if (age > MAX_BACKLOG_MICROS || age < -MAX_BACKLOG_MICROS) {
            return arrival;
        }
        return Math.min(arrival, readingArrival - age);
    }

    /**
     * The camera reports units it dropped (its buffer overflowed, or it records events only and had
     * none): the cloud times they would have had, or null when they belong to another boot than the
     * one anchored (or, before anything of the boot is placed, than its Hello's clock reading). The reason is kept for the gap the
     * next placed unit reveals.
     */
    public synchronized long[] dropped(long boot, long firstMono, long lastMono, String reason) {
        pendingGapReason = reason;
        if (lastMono < firstMono) {
            return null;
        }
        if ((!anchored || boot != bootId) && readingMono != NONE && readingBoot == boot
                && Math.abs(readingMono - lastMono) <= MAX_BACKLOG_MICROS) {
            // Nothing placed of this boot yet (a camera recording events only, none so far): its
            // Hello's clock reading places the run.
            long from = Math.max(readingArrival - (readingMono - firstMono),
                    lastPlaced == NONE ? Long.MIN_VALUE : lastPlaced);
            long to = readingArrival - (readingMono - lastMono);
            return to > from ? new long[] {from, to} : null;
        }
        if (!anchored || boot != bootId) {
            return null;
        }
        long from = Math.max(anchorCloud + (firstMono - anchorMono), lastPlaced == NONE ? Long.MIN_VALUE : lastPlaced);
        long to = anchorCloud + (lastMono - anchorMono);
        return to > from ? new long[] {from, to} : null;
    }

    /**
     * Picks up where a previous run of the node left off: the anchor it saved for {@code boot}, the
     * highest sequence already recorded of that boot (resent units up to it are duplicates) and the
     * end of the camera's recordings (nothing is placed before it).
     */
    public synchronized void restore(long boot, long anchorCloudMicros, long anchorMonoMicros, long recordedSequence,
                                     long recordedUntilMicros) {
        bootId = boot;
        anchorCloud = anchorCloudMicros;
        anchorMono = anchorMonoMicros;
        anchored = true;
        lastSequence = recordedSequence;
        lastPlaced = recordedUntilMicros;
        lastMono = NONE;
    }

    /**
     * Where a moment of the camera's monotonic clock of {@code boot} sits on this timeline, without
     * placing anything (an event's start and end, given on the clock of the camera's video): by the
     * boot's anchor when it has one, else by the clock reading of its Hello, else at
     * {@code arrivalMicros}. Never more than the future tolerance past the arrival; a Hello reading
     * that puts it more than {@link #MAX_BACKLOG_MICROS} away is not believed.
     */
    public synchronized long timeOf(long boot, long monoMicros, long arrivalMicros) {
        if (anchored && boot == bootId) {
            long time = anchorCloud + (monoMicros - anchorMono);
            return Math.min(time, arrivalMicros + futureToleranceMicros);
        }
        if (readingMono != NONE && readingBoot == boot) {
            long age = readingMono - monoMicros;
            if (age <= MAX_BACKLOG_MICROS && age >= -MAX_BACKLOG_MICROS) {
                return Math.min(readingArrival - age, arrivalMicros + futureToleranceMicros);
            }
        }
        return arrivalMicros;
    }

    private void anchor(long mono, long captured, long arrival) {
        anchorCloud = lastPlaced == NONE ? captured
                : Math.max(captured, Math.min(lastPlaced + lastInterval, arrival + futureToleranceMicros));
        anchorMono = mono;
        anchored = true;
    }
}
