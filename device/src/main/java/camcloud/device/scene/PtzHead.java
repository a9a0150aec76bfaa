package camcloud.device.scene;

import camcloud.device.video.SceneControl.PtzLimits;
import camcloud.device.video.SceneControl.PtzPosition;

/**
 * The camera's pan/tilt head: two motors that turn towards a target at a speed, each axis on its own
 * (as the stepper motors of a cheap PTZ camera do: a diagonal move ends on the shorter axis first),
 * inside mechanical limits. Time is explicit — every call says when it happens, in microseconds on
 * the scene's clock — so a test moves the head through time without sleeping, and a render at time
 * {@code t} sees exactly where the head was then. Presets are not the head's business (the camera
 * keeps them in its config and calls {@link #moveTo}).
 *
 * <p>Thread-safe: commands arrive on the agent's thread while the clock thread renders.
 */
public final class PtzHead {

    /** The virtual camera's head: pan -170..170, tilt -20..90, at most 90 °/s. */
    public static final PtzLimits VIRTUAL_CAMERA = new PtzLimits(-170, 170, -20, 90, 90);
    /** Speed of a move that names none. */
    public static final double DEFAULT_SPEED = 45;

    private final PtzLimits limits;
    private final double defaultSpeed;
    // the current move: from (fromPan, fromTilt) at fromMicros towards the target at speed
    private double fromPan;
    private double fromTilt;
    private long fromMicros;
    private double targetPan;
    private double targetTilt;
    private double speed;

    /** A head at pan 0, tilt 0 with the virtual camera's limits. */
    public PtzHead() {
        this(VIRTUAL_CAMERA, DEFAULT_SPEED, 0, 0);
    }

    public PtzHead(PtzLimits limits, double defaultSpeed, double pan, double tilt) {
        this.limits = limits;
        if (!(defaultSpeed > 0 && defaultSpeed <= limits.maxSpeedDegPerS())) {
            throw new IllegalArgumentException("default speed " + defaultSpeed + " °/s must be in (0, "
                    + limits.maxSpeedDegPerS() + "]");
        }
        this.defaultSpeed = defaultSpeed;
        requireInside(pan, tilt);
        this.fromPan = pan;
        this.fromTilt = tilt;
        this.targetPan = pan;
        this.targetTilt = tilt;
        this.speed = defaultSpeed;
    }

    public PtzLimits limits() {
        return limits;
    }

    /**
     * From {@code nowMicros} on, turns towards (pan, tilt) at {@code speedDegPerS} per axis (0: the
     * default speed, {@value #DEFAULT_SPEED} °/s).
     *
     * @throws IllegalArgumentException naming the limit when pan, tilt or speed are outside it; the
     *                                  head then goes on as before
     */
    public synchronized void moveTo(double pan, double tilt, double speedDegPerS, long nowMicros) {
        requireInside(pan, tilt);
        if (!(speedDegPerS >= 0 && speedDegPerS <= limits.maxSpeedDegPerS())) {
            throw new IllegalArgumentException("speed " + number(speedDegPerS) + " °/s is outside the limit 0.."
                    + number(limits.maxSpeedDegPerS()) + " °/s");
        }
        PtzPosition now = position(nowMicros);
        fromPan = now.panDeg();
        fromTilt = now.tiltDeg();
        fromMicros = nowMicros;
        targetPan = pan;
        targetTilt = tilt;
        speed = speedDegPerS == 0 ? defaultSpeed : speedDegPerS;
    }

    /** Stops where the head is at {@code nowMicros}. */
    public synchronized void stop(long nowMicros) {
        PtzPosition now = position(nowMicros);
        fromPan = now.panDeg();
        fromTilt = now.tiltDeg();
        fromMicros = nowMicros;
        targetPan = fromPan;
        targetTilt = fromTilt;
    }

    /**
     * Where the head is at {@code atMicros} (a time before the current move began counts as its
     * start) and whether it is still turning.
     */
    public synchronized PtzPosition position(long atMicros) {
        double travelled = speed * Math.max(0, atMicros - fromMicros) / 1e6;
        double pan = towards(fromPan, targetPan, travelled);
        double tilt = towards(fromTilt, targetTilt, travelled);
        return new PtzPosition(pan, tilt, targetPan, targetTilt, pan != targetPan || tilt != targetTilt);
    }

    private static double towards(double from, double target, double travelled) {
        double distance = target - from;
        return Math.abs(distance) <= travelled ? target : from + Math.signum(distance) * travelled;
    }

    private void requireInside(double pan, double tilt) {
        if (!(pan >= limits.panMin() && pan <= limits.panMax())) {
            throw new IllegalArgumentException("pan " + number(pan) + "° is outside the pan limit "
                    + number(limits.panMin()) + ".." + number(limits.panMax()) + "°");
        }
        if (!(tilt >= limits.tiltMin() && tilt <= limits.tiltMax())) {
            throw new IllegalArgumentException("tilt " + number(tilt) + "° is outside the tilt limit "
                    + number(limits.tiltMin()) + ".." + number(limits.tiltMax()) + "°");
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value) : Double.toString(value);
    }
}
