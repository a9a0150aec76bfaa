package camcloud.device.scene;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What happens in the synthetic scene and when: a timeline of actions, so tests and demos get
 * motion, darkness and sound on cue. Without actions the scene is static (nothing moves, lights on,
 * quiet). Immutable; built in code ({@link #builder()}) or parsed from text ({@link #parse}).
 *
 * <h2>The text format</h2>
 * One action per line, or several on a line separated by {@code ;}. Blank lines and everything after
 * {@code #} are ignored. Each action starts with its time since the scene started: {@code 10s},
 * {@code 2.5s}, {@code 750ms}, {@code 1m}, {@code 1m30s}.
 * <pre>
 * # an object crosses, the lights go off, a noise, lights on again; all over again every minute
 * 10s object enters left speed 0.25
 * 20s lights off
 * 30s noise -10dBFS 2s
 * 40s lights on
 * loop 60s
 * </pre>
 * <ul>
 *   <li>{@code TIME object enters left|right [speed S] [colour C] [tilt T]} — a person-sized figure
 *       (about 3.5° wide and 10° high) in a strong colour walks across the view of the head's home
 *       position (pan 0), entering at one edge and leaving at the other. {@code speed}: view widths
 *       per second, 0.01..5, default 0.2 (5 s to cross); {@code colour}: {@code yellow} (default),
 *       {@code red}, {@code blue}, {@code green}, {@code white}, {@code orange}; {@code tilt}: where its
 *       feet are, degrees, -30..10, default -12 (on the road). It is part of the world, so a head
 *       turned away does not see it.</li>
 *   <li>{@code TIME lights off|on|LEVEL} — ambient light from then on: {@code on} is 1 (daylight),
 *       {@code off} 0.03 (a dark night), or a level 0..1. The picture darkens with it (night mode's
 *       IR light lifts it again) and the light sensor reads it.</li>
 *   <li>{@code TIME noise LEVELdBFS DURATION} — the microphone hears {@code LEVEL} (-90..0 dBFS) for
 *       {@code DURATION}; otherwise the scene is quiet, about -70 dBFS with a jitter of ±1.5 dB.</li>
 *   <li>{@code loop DURATION} — the whole script starts over every {@code DURATION} (later than its
 *       last action); without it the script plays once and the scene stays as its last action left it.</li>
 * </ul>
 * A mistake fails with {@link IllegalArgumentException} naming the line and what was wrong:
 * {@code scene script line 2 ('20s lights of'): lights must be on, off or a level 0..1, was 'of'}.
 */
public final class SceneScript {

    /** Ambient light of {@code lights on}. */
    public static final double LIGHTS_ON = 1.0;
    /** Ambient light of {@code lights off}: a dark night, a little light from the street. */
    public static final double LIGHTS_OFF = 0.03;
    /** Default object speed: view widths per second. */
    public static final double DEFAULT_SPEED = 0.2;
    /** Default tilt of an object's feet: on the road below the horizon. */
    public static final double DEFAULT_FEET_TILT = -12;

    /** Which edge of the home view an object enters at. */
    public enum Side { LEFT, RIGHT }

    /** Strong colours an object can have, as RGB. */
    public enum Colour {
        YELLOW(255, 210, 0), RED(230, 20, 30), BLUE(30, 60, 240), GREEN(20, 200, 40), WHITE(250, 250, 250),
        ORANGE(255, 120, 0);

        final int r;
        final int g;
        final int b;

        Colour(int r, int g, int b) {
            this.r = r;
            this.g = g;
            this.b = b;
        }
    }

    /** One action of the script, at {@code at} after the (loop's) start. */
    public sealed interface Action permits ObjectCrossing, Lights, Noise {
        Duration at();
    }

    /** A figure walking across the home view. */
    public record ObjectCrossing(Duration at, Side from, double speed, Colour colour, double feetTilt) implements Action {
        public ObjectCrossing {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(colour, "colour");
            requireRange("object speed", speed, 0.01, 5);
            requireRange("object tilt", feetTilt, -30, 10);
        }
    }

    /** Ambient light from {@code at} on. */
    public record Lights(Duration at, double level) implements Action {
        public Lights {
            Objects.requireNonNull(at, "at");
            requireRange("lights level", level, 0, 1);
        }
    }

    /** A sound of {@code dbfs} for {@code duration}. */
    public record Noise(Duration at, double dbfs, Duration duration) implements Action {
        public Noise {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(duration, "duration");
            requireRange("noise level", dbfs, -90, 0);
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("noise duration must be positive, was " + duration);
            }
        }
    }

    private static final SceneScript STATIC = new SceneScript(List.of(), Duration.ZERO);

    private final List<Action> actions;
    private final Duration loop;

    private SceneScript(List<Action> actions, Duration loop) {
        List<Action> sorted = new ArrayList<>(actions);
        sorted.sort(Comparator.comparing(Action::at));
        this.actions = List.copyOf(sorted);
        this.loop = loop;
        if (!loop.isZero()) {
            for (Action action : this.actions) {
                if (action.at().compareTo(loop) >= 0) {
                    throw new IllegalArgumentException("scene script loops every " + seconds(loop) + " s but has an"
                            + " action at " + seconds(action.at()) + " s, which would never happen");
                }
            }
        }
    }

    /** The static scene: nothing moves, lights on, quiet. */
    public static SceneScript staticScene() {
        return STATIC;
    }

    /**
     * The demo's script, a minute long and looping: a yellow figure crosses from the left at 5 s, a
     * noise at 25 s, a red figure from the right at 40 s.
     */
    public static SceneScript demo() {
        return parse("""
                5s object enters left speed 0.15
                25s noise -15dBFS 2s
                40s object enters right speed 0.25 colour red
                loop 60s
                """);
    }

    public static Builder builder() {
        return new Builder();
    }

    public List<Action> actions() {
        return actions;
    }

    /** How often the script starts over; zero: it plays once. */
    public Duration loop() {
        return loop;
    }

    /** True when nothing ever happens: every picture is the same as long as the head stands still. */
    public boolean isStatic() {
        return actions.isEmpty();
    }

    /** Where in the script {@code elapsedMicros} after the start falls (the same value without a loop). */
    long scriptMicros(long elapsedMicros) {
        long loopMicros = micros(loop);
        return loopMicros == 0 ? elapsedMicros : Math.floorMod(elapsedMicros, loopMicros);
    }

    /** The ambient light at script time {@code t}: the last lights action before it, else on. */
    double lightLevel(long t) {
        double level = LIGHTS_ON;
        for (Action action : actions) {
            if (micros(action.at()) > t) {
                break;
            }
            if (action instanceof Lights lights) {
                level = lights.level();
            }
        }
        return level;
    }

    /** The loudest noise sounding at script time {@code t}, or {@link Double#NaN} when none is. */
    double noiseDbfs(long t) {
        double loudest = Double.NaN;
        for (Action action : actions) {
            long start = micros(action.at());
            if (start > t) {
                break;
            }
            if (action instanceof Noise noise && t < start + micros(noise.duration())
                    && (Double.isNaN(loudest) || noise.dbfs() > loudest)) {
                loudest = noise.dbfs();
            }
        }
        return loudest;
    }

    /** The crossings started at or before script time {@code t} (whether still in view is the scene's business). */
    List<ObjectCrossing> crossingsStarted(long t) {
        List<ObjectCrossing> started = new ArrayList<>();
        for (Action action : actions) {
            if (micros(action.at()) > t) {
                break;
            }
            if (action instanceof ObjectCrossing crossing) {
                started.add(crossing);
            }
        }
        return started;
    }

    static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }

    @Override
    public String toString() {
        if (actions.isEmpty()) {
            return "static scene";
        }
        return actions.size() + " scripted actions" + (loop.isZero() ? "" : ", looping every " + seconds(loop) + " s");
    }

    private static String seconds(Duration duration) {
        double s = duration.toNanos() / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }

    private static void requireRange(String name, double value, double min, double max) {
        if (!(value >= min && value <= max)) {
            throw new IllegalArgumentException(name + " must be in [" + fmt(min) + ", " + fmt(max) + "], was " + fmt(value));
        }
    }

    private static String fmt(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value) : Double.toString(value);
    }

    /** Builds a script in code; {@link #build()} checks it like a parsed one. */
    public static final class Builder {
        private final List<Action> actions = new ArrayList<>();
        private Duration loop = Duration.ZERO;

        private Builder() {
        }

        public Builder object(Duration at, Side from, double speed) {
            return add(new ObjectCrossing(at, from, speed, Colour.YELLOW, DEFAULT_FEET_TILT));
        }

        public Builder lights(Duration at, double level) {
            return add(new Lights(at, level));
        }

        public Builder lightsOff(Duration at) {
            return lights(at, LIGHTS_OFF);
        }

        public Builder lightsOn(Duration at) {
            return lights(at, LIGHTS_ON);
        }

        public Builder noise(Duration at, double dbfs, Duration duration) {
            return add(new Noise(at, dbfs, duration));
        }

        public Builder add(Action action) {
            actions.add(Objects.requireNonNull(action, "action"));
            return this;
        }

        /** The script starts over every {@code every}; zero plays it once. */
        public Builder loop(Duration every) {
            if (every.isNegative()) {
                throw new IllegalArgumentException("scene script loop must not be negative, was " + every);
            }
            this.loop = every;
            return this;
        }

        public SceneScript build() {
            return new SceneScript(actions, loop);
        }
    }

    // ---- parsing ----

    private static final Pattern TIME = Pattern.compile("(?:(\\d{1,4})m)?(?:(\\d{1,6}(?:\\.\\d{1,6})?)s)?|(\\d{1,9})ms");
    private static final Pattern DBFS = Pattern.compile("(-?\\d{1,3}(?:\\.\\d{1,3})?)dBFS", Pattern.CASE_INSENSITIVE);

    /**
     * Parses the text format above.
     *
     * @throws IllegalArgumentException naming the line (and the action, quoted) and what was wrong
     */
    public static SceneScript parse(String text) {
        Objects.requireNonNull(text, "text");
        Builder builder = builder();
        boolean looped = false;
        String[] lines = text.split("\r?\n", -1);
        for (int number = 1; number <= lines.length; number++) {
            String line = lines[number - 1];
            int comment = line.indexOf('#');
            if (comment >= 0) {
                line = line.substring(0, comment);
            }
            for (String statement : line.split(";")) {
                String trimmed = statement.strip();
                if (trimmed.isEmpty()) {
                    continue;
                }
                try {
                    String[] words = trimmed.split("\\s+");
                    if (words[0].equalsIgnoreCase("loop")) {
                        if (looped) {
                            throw new IllegalArgumentException("a script has one loop");
                        }
                        if (words.length != 2) {
                            throw new IllegalArgumentException("loop takes one duration, e.g. 'loop 60s'");
                        }
                        Duration every = duration(words[1], "loop");
                        if (every.isZero()) {
                            throw new IllegalArgumentException("loop must be longer than 0 s");
                        }
                        builder.loop(every);
                        looped = true;
                    } else {
                        builder.add(action(words));
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("scene script line " + number + " ('" + trimmed + "'): "
                            + e.getMessage(), e);
                }
            }
        }
        return builder.build();
    }

    private static Action action(String[] words) {
        Duration at = duration(words[0], "time");
        if (words.length < 2) {
            throw new IllegalArgumentException("a time needs an action after it: object, lights or noise");
        }
        String verb = words[1].toLowerCase(Locale.ROOT);
        return switch (verb) {
            case "object" -> object(at, words);
            case "lights" -> lights(at, words);
            case "noise" -> noise(at, words);
            default -> throw new IllegalArgumentException("unknown action '" + words[1]
                    + "', expected object, lights or noise");
        };
    }

    private static ObjectCrossing object(Duration at, String[] words) {
        if (words.length < 4 || !words[2].equalsIgnoreCase("enters")) {
            throw new IllegalArgumentException("object needs 'enters left' or 'enters right'");
        }
        Side from = switch (words[3].toLowerCase(Locale.ROOT)) {
            case "left" -> Side.LEFT;
            case "right" -> Side.RIGHT;
            default -> throw new IllegalArgumentException("object enters left or right, was '" + words[3] + "'");
        };
        double speed = DEFAULT_SPEED;
        Colour colour = Colour.YELLOW;
        double tilt = DEFAULT_FEET_TILT;
        for (int i = 4; i < words.length; i += 2) {
            String option = words[i].toLowerCase(Locale.ROOT);
            if (i + 1 >= words.length) {
                throw new IllegalArgumentException("'" + words[i] + "' needs a value");
            }
            String value = words[i + 1];
            switch (option) {
                case "speed" -> speed = number(value, "speed");
                case "colour", "color" -> colour = colour(value);
                case "tilt" -> tilt = number(value, "tilt");
                default -> throw new IllegalArgumentException("unknown object option '" + words[i]
                        + "', expected speed, colour or tilt");
            }
        }
        return new ObjectCrossing(at, from, speed, colour, tilt);
    }

    private static Lights lights(Duration at, String[] words) {
        if (words.length != 3) {
            throw new IllegalArgumentException("lights takes one value: on, off or a level 0..1");
        }
        String value = words[2].toLowerCase(Locale.ROOT);
        return switch (value) {
            case "on" -> new Lights(at, LIGHTS_ON);
            case "off" -> new Lights(at, LIGHTS_OFF);
            default -> {
                try {
                    yield new Lights(at, Double.parseDouble(value));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("lights must be on, off or a level 0..1, was '" + words[2] + "'");
                }
            }
        };
    }

    private static Noise noise(Duration at, String[] words) {
        if (words.length != 4) {
            throw new IllegalArgumentException("noise takes a level and a duration, e.g. 'noise -10dBFS 2s'");
        }
        Matcher m = DBFS.matcher(words[2]);
        if (!m.matches()) {
            throw new IllegalArgumentException("noise level must be like -10dBFS, was '" + words[2] + "'");
        }
        return new Noise(at, Double.parseDouble(m.group(1)), duration(words[3], "noise duration"));
    }

    private static Colour colour(String value) {
        try {
            return Colour.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown colour '" + value + "', expected yellow, red, blue, green,"
                    + " white or orange");
        }
    }

    private static double number(String value, String name) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
        }
    }

    /** {@code 10s}, {@code 2.5s}, {@code 750ms}, {@code 1m}, {@code 1m30s}. */
    static Duration duration(String value, String name) {
        Matcher m = TIME.matcher(value.toLowerCase(Locale.ROOT));
        if (value.isEmpty() || !m.matches() || (m.group(1) == null && m.group(2) == null && m.group(3) == null)) {
            throw new IllegalArgumentException(name + " must be a duration like 10s, 2.5s, 750ms or 1m30s, was '"
                    + value + "'");
        }
        if (m.group(3) != null) {
            return Duration.ofMillis(Long.parseLong(m.group(3)));
        }
        Duration total = Duration.ZERO;
        if (m.group(1) != null) {
            total = total.plusMinutes(Long.parseLong(m.group(1)));
        }
        if (m.group(2) != null) {
            total = total.plusNanos(Math.round(Double.parseDouble(m.group(2)) * 1e9));
        }
        return total;
    }
}
