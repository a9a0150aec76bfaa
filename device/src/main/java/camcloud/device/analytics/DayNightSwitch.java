package camcloud.device.analytics;

import camcloud.device.video.RawPicture;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Day/night from the light sensor ({@link RawPicture#ambientLight()}), with hysteresis so dusk does not
 * make the IR-cut filter chatter: night when the light stays below {@value #NIGHT_BELOW} for
 * {@value #HOLD_MICROS} µs, day again when it stays above {@value #DAY_ABOVE} as long. In forced mode
 * ({@code daynight.mode} day or night) it switches at once and holds. The state at power-on is taken
 * from the first reading without an event (a camera that boots at night starts in night mode); every
 * switch after that drives the night hardware ({@code nightHardware}, e.g.
 * {@code SceneControl.nightMode}) and is a {@code day_night} event with {@code state=night|day}.
 * Not thread-safe: the clock thread calls it.
 */
public final class DayNightSwitch {

    static final double NIGHT_BELOW = 0.2;
    static final double DAY_ABOVE = 0.4;
    static final long HOLD_MICROS = 3_000_000;

    private final Consumer<Boolean> nightHardware;
    private boolean known;
    private volatile boolean night;
    private long pendingSinceMicros = -1;

    /** @param nightHardware switches IR-cut filter, IR light and black-and-white picture (true: night) */
    public DayNightSwitch(Consumer<Boolean> nightHardware) {
        this.nightHardware = nightHardware;
    }

    /** Looks at one picture's light reading; returns an INSTANT detection when it switched, else null. */
    public Detection observe(RawPicture picture, DayNightMode mode) {
        long now = picture.captureMicros();
        double light = picture.ambientLight();
        if (!known) {
            known = true;
            boolean startAtNight = mode == DayNightMode.NIGHT
                    || mode == DayNightMode.AUTO && light < (NIGHT_BELOW + DAY_ABOVE) / 2;
            night = startAtNight;
            nightHardware.accept(startAtNight);
            return null;
        }
        boolean want = switch (mode) {
            case DAY -> false;
            case NIGHT -> true;
            case AUTO -> autoWants(now, light);
        };
        if (want == night) {
            return null;
        }
        night = want;
        pendingSinceMicros = -1;
        nightHardware.accept(want);
        return new Detection(Detection.DAY_NIGHT, Detection.Phase.INSTANT, "", now, picture.wallClockMillis(), now,
                picture.wallClockMillis(), 0, Map.of("state", want ? "night" : "day"));
    }

    private boolean autoWants(long now, double light) {
        boolean crossing = night ? light > DAY_ABOVE : light < NIGHT_BELOW;
        if (!crossing) {
            pendingSinceMicros = -1;
            return night;
        }
        if (pendingSinceMicros < 0) {
            pendingSinceMicros = now;
        }
        return now - pendingSinceMicros >= HOLD_MICROS ? !night : night;
    }

    /** Whether the camera is in night mode now (readable from any thread). */
    public boolean night() {
        return night;
    }
}
