package camcloud.device.uplink;

import io.netty.buffer.ByteBuf;
import java.time.Duration;

/**
 * Decides, unit by unit, what the uplink does with the camera's video under its recording mode:
 * record it (continuous), record it as part of an event clip (an event is on, or its post-roll runs),
 * send it for live viewers only (events mode, no clip, somebody watches), or hold it back as
 * pre-roll (events mode, no clip, nobody watches). Times are the units' monotonic capture clock, so
 * an event's start and end are placed against the video itself, not against when the call came.
 * Touched on the uplink's event loop only.
 */
final class RecordingGate {

    /** What happens to one unit. */
    enum Route { RECORD, CLIP, LIVE_ONLY, HOLD }

    static final Duration MAX_PRE_ROLL = Duration.ofSeconds(10);
    static final Duration MAX_POST_ROLL = Duration.ofSeconds(60);
    static final Duration DEFAULT_PRE_ROLL = Duration.ofSeconds(5);
    static final Duration DEFAULT_POST_ROLL = Duration.ofSeconds(5);

    private static final long NONE = Long.MIN_VALUE;

    private RecordingMode mode = RecordingMode.CONTINUOUS;
    private long preRollMicros = DEFAULT_PRE_ROLL.toNanos() / 1000;
    private long postRollMicros = DEFAULT_POST_ROLL.toNanos() / 1000;
    private boolean active;
    /** Units captured up to this time still belong to the clip of the event that ended. */
    private long clipUntilMicros = NONE;
    private boolean liveWanted;

    /** Checks the values (a clear message names the setting) before anything changes. */
    static void check(RecordingMode mode, Duration preRoll, Duration postRoll) {
        if (mode == null) {
            throw new IllegalArgumentException("recording.mode is missing");
        }
        if (preRoll.isNegative() || preRoll.compareTo(MAX_PRE_ROLL) > 0) {
            throw new IllegalArgumentException("recording.pre_roll_s " + preRoll.toSeconds() + " is not in 0..10");
        }
        if (postRoll.isNegative() || postRoll.compareTo(MAX_POST_ROLL) > 0) {
            throw new IllegalArgumentException("recording.post_roll_s " + postRoll.toSeconds() + " is not in 0..60");
        }
    }

    void mode(RecordingMode mode, Duration preRoll, Duration postRoll) {
        check(mode, preRoll, postRoll);
        this.mode = mode;
        this.preRollMicros = preRoll.toNanos() / 1000;
        this.postRollMicros = postRoll.toNanos() / 1000;
    }

    RecordingMode mode() {
        return mode;
    }

    long preRollMicros() {
        return preRollMicros;
    }

    /** An event started or ended; {@code nowMicros} is the capture time of the newest unit. */
    void eventActive(boolean on, long nowMicros) {
        if (on) {
            active = true;
        } else if (active) {
            active = false;
            clipUntilMicros = nowMicros + postRollMicros;
        }
    }

    boolean eventActive() {
        return active;
    }

    void liveWanted(boolean wanted) {
        this.liveWanted = wanted;
    }

    boolean liveWanted() {
        return liveWanted;
    }

    // ---- applied to the upload buffer ----

    /** Adds a unit to {@code buffer} as routed, then drops held units older than the pre-roll. */
    void admit(UploadBuffer buffer, ByteBuf payload, boolean keyframe, long captureMicros, long wallMillis,
               FormatSlot format) {
        Route route = route(captureMicros);
        buffer.append(payload, keyframe, captureMicros, wallMillis, format, route);
        if (route == Route.HOLD) {
            buffer.trimHeld(captureMicros - preRollMicros);
        }
    }

    /** A new mode; continuous sends what was held at once. */
    void mode(UploadBuffer buffer, RecordingMode mode, Duration preRoll, Duration postRoll) {
        mode(mode, preRoll, postRoll);
        if (mode == RecordingMode.CONTINUOUS) {
            buffer.releaseHeld(Route.RECORD);
        }
    }

    /** An event started (the held pre-roll opens its clip) or ended (the post-roll runs on). */
    void eventActive(UploadBuffer buffer, boolean on, long nowMicros) {
        boolean starts = on && !active && mode == RecordingMode.EVENTS && route(nowMicros + 1) == Route.LIVE_ONLY;
        eventActive(on, nowMicros);
        if (starts) {
            buffer.clipFromLive(nowMicros - preRollMicros); // nothing is held: the pre-roll went up live
        }
        if (on && mode == RecordingMode.EVENTS) {
            buffer.releaseHeld(Route.CLIP);
        }
    }

    /** Somebody watches live, or nobody does any more: what is held goes out live at once (it starts on a keyframe). */
    void liveWanted(UploadBuffer buffer, boolean wanted, long nowMicros) {
        liveWanted(wanted);
        if (wanted && route(nowMicros) == Route.LIVE_ONLY) {
            buffer.releaseHeld(Route.LIVE_ONLY);
        }
    }

    /** Where a unit captured at {@code captureMicros} goes. */
    Route route(long captureMicros) {
        if (mode == RecordingMode.CONTINUOUS) {
            return Route.RECORD;
        }
        if (active || (clipUntilMicros != NONE && captureMicros <= clipUntilMicros)) {
            return Route.CLIP;
        }
        return liveWanted ? Route.LIVE_ONLY : Route.HOLD;
    }
}
