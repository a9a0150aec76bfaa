package camcloud.device.scene;

import camcloud.device.video.ImageSettings;
import camcloud.device.video.RawPicture;
import camcloud.device.video.SceneControl.PtzPosition;
import camcloud.device.video.SceneControl.Resolution;

import java.util.Arrays;
import java.util.Objects;

/**
 * The camera's picture at a given moment, as its image pipeline would hand it to the encoder and to
 * the analytics: a window into the {@link World} where the {@link PtzHead} points, the objects of the
 * {@link SceneScript} that are in view, the script's light, and the image settings and night mode
 * applied — rendered, never encoded or paced, so a test renders 40 s of scene in a fraction of a
 * second by asking for the times it wants.
 *
 * <p>What a picture is made of, in order:
 * <ol>
 *   <li>the view: {@value #FIELD_OF_VIEW_DEG}° wide (the height follows the picture's aspect), centred
 *       on the head's pan and tilt at that moment, sampled from the world's panorama (nearest sample,
 *       in 16.16 fixed point, so a pan by a whole number of picture pixels shifts the picture by
 *       exactly that many);</li>
 *   <li>the script's objects: figures walking on the road (see {@link SceneScript});</li>
 *   <li>light: every sample scaled towards black by the ambient light (lights off: 3 %), and in night
 *       mode lifted again by the IR light (+{@value #IR_LIGHT} of full light) with the chroma
 *       neutral (black-and-white, as a camera with its IR-cut filter out shows);</li>
 *   <li>image settings: brightness (±100 is ±64 levels), contrast (a gain of 0 .. 2 around mid-grey),
 *       mirror (left-right) and flip (upside down); the picture size is the settings' resolution.</li>
 * </ol>
 * The picture's {@code ambientLight} is the script's light (what a light sensor reads, blind to the
 * IR light), {@code audioDbfs} the script's noise or about {@value #QUIET_DBFS} dBFS, and
 * {@code headMoving} whether the head turned since the previous picture or is turning now.
 *
 * <p>The planes of the returned picture are reused by the next render (see {@link RawPicture}). A
 * scene is rendered by one thread; {@link #settings} and {@link #nightMode} may be changed from any.
 */
public final class ScriptedScene {

    /** Horizontal field of view of the virtual camera's lens, degrees. */
    public static final double FIELD_OF_VIEW_DEG = 60;
    /** How much the IR light adds to the ambient light in night mode. */
    public static final double IR_LIGHT = 0.7;
    /** The microphone's level in a quiet scene, dBFS (a jitter of ±{@value #QUIET_JITTER_DB} dB is added). */
    public static final double QUIET_DBFS = -70;
    static final double QUIET_JITTER_DB = 1.5;
    /** A figure's size, degrees. */
    static final double FIGURE_WIDTH_DEG = 3.5;
    static final double FIGURE_HEIGHT_DEG = 10;

    private static final int FIXED_ONE = 1 << 16;

    private final SceneScript script;
    private final PtzHead head;
    private final World world;
    private volatile ImageSettings settings;
    private volatile boolean night;

    private int width;
    private int height;
    private byte[] y;
    private byte[] u;
    private byte[] v;
    private int[] columns;
    private int[] rows;
    private final int[] lumaLut = new int[256];
    private final int[] chromaLut = new int[256];
    private PtzPosition previous;

    public ScriptedScene(SceneScript script, PtzHead head, ImageSettings settings) {
        this.script = Objects.requireNonNull(script, "script");
        this.head = Objects.requireNonNull(head, "head");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.world = World.shared();
    }

    public SceneScript script() {
        return script;
    }

    public PtzHead head() {
        return head;
    }

    public ImageSettings settings() {
        return settings;
    }

    /** Settings for the next picture on (a new resolution changes the picture's size). */
    public void settings(ImageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public boolean nightMode() {
        return night;
    }

    /** Night mode: IR light on, picture black-and-white. */
    public void nightMode(boolean on) {
        this.night = on;
    }

    /** {@link #render(long, long, long)} with the elapsed time as capture time and a wall clock at 0. */
    public RawPicture render(long elapsedMicros) {
        return render(elapsedMicros, elapsedMicros, 0);
    }

    /**
     * The picture {@code elapsedMicros} after the scene started (script and head time), stamped with
     * the given capture times.
     */
    public RawPicture render(long elapsedMicros, long captureMicros, long wallClockMillis) {
        ImageSettings now = settings;
        Resolution resolution = now.resolution();
        ensureSize(resolution.width(), resolution.height());
        long scriptMicros = script.scriptMicros(elapsedMicros);
        PtzPosition position = head.position(elapsedMicros);
        boolean moving = position.moving() || previous != null
                && (previous.panDeg() != position.panDeg() || previous.tiltDeg() != position.tiltDeg());
        previous = position;

        View view = view(position.panDeg(), position.tiltDeg());
        sampleWorld(view);
        for (SceneScript.ObjectCrossing crossing : script.crossingsStarted(scriptMicros)) {
            double left = figureLeftPan(crossing, scriptMicros);
            if (!Double.isNaN(left)) {
                drawFigure(view, left, crossing);
            }
        }
        double ambient = script.lightLevel(scriptMicros);
        boolean nightNow = night;
        applyLight(now, nightNow ? Math.min(1, ambient + IR_LIGHT) : ambient, nightNow);
        if (now.mirror()) {
            mirror();
        }
        if (now.flip()) {
            flip();
        }
        return new RawPicture(width, height, y, u, v, captureMicros, wallClockMillis, ambient,
                audioDbfs(scriptMicros, elapsedMicros), moving);
    }

    private void ensureSize(int w, int h) {
        if (w == width && h == height) {
            return;
        }
        width = w;
        height = h;
        y = new byte[w * h];
        u = new byte[(w / 2) * (h / 2)];
        v = new byte[(w / 2) * (h / 2)];
        columns = new int[w];
        rows = new int[h];
    }

    /**
     * Where the view's top-left sample sits in the panorama and how far apart samples are, all in
     * panorama pixels in 16.16 fixed point.
     */
    private record View(long left, long top, long step) {
    }

    private View view(double pan, double tilt) {
        double verticalFov = FIELD_OF_VIEW_DEG * height / width;
        long step = Math.round(FIELD_OF_VIEW_DEG * World.PIXELS_PER_DEGREE * FIXED_ONE / width);
        long left = Math.round((pan - FIELD_OF_VIEW_DEG / 2 - World.PAN_LEFT) * World.PIXELS_PER_DEGREE * FIXED_ONE);
        long top = Math.round((World.TILT_TOP - tilt - verticalFov / 2) * World.PIXELS_PER_DEGREE * FIXED_ONE);
        return new View(left, top, step);
    }

    private void sampleWorld(View view) {
        for (int x = 0; x < width; x++) {
            columns[x] = clamp((int) ((view.left() + x * view.step()) >> 16), 0, World.WIDTH - 1);
        }
        for (int r = 0; r < height; r++) {
            rows[r] = clamp((int) ((view.top() + r * view.step()) >> 16), 0, World.HEIGHT - 1);
        }
        for (int r = 0; r < height; r++) {
            int from = rows[r] * World.WIDTH;
            int to = r * width;
            for (int x = 0; x < width; x++) {
                y[to + x] = world.y[from + columns[x]];
            }
        }
        int chromaWidth = width / 2;
        int worldChromaWidth = World.WIDTH / 2;
        for (int r = 0; r < height / 2; r++) {
            int from = (rows[2 * r] >> 1) * worldChromaWidth;
            int to = r * chromaWidth;
            for (int x = 0; x < chromaWidth; x++) {
                int c = columns[2 * x] >> 1;
                u[to + x] = world.u[from + c];
                v[to + x] = world.v[from + c];
            }
        }
    }

    /** The pan of the figure's left edge at script time {@code t}, or NaN when it has left the home view. */
    static double figureLeftPan(SceneScript.ObjectCrossing crossing, long t) {
        double travelled = crossing.speed() * FIELD_OF_VIEW_DEG * (t - SceneScript.micros(crossing.at())) / 1e6;
        double distance = FIELD_OF_VIEW_DEG + FIGURE_WIDTH_DEG;
        if (travelled < 0 || travelled > distance) {
            return Double.NaN;
        }
        double start = crossing.from() == SceneScript.Side.LEFT ? -FIELD_OF_VIEW_DEG / 2 - FIGURE_WIDTH_DEG
                : FIELD_OF_VIEW_DEG / 2;
        return crossing.from() == SceneScript.Side.LEFT ? start + travelled : start - travelled;
    }

    /**
     * A figure whose left edge is at pan {@code leftPan}: head, body and two legs, in the crossing's
     * colour, standing at its feet tilt; parts are given in fractions of the figure's width and height.
     */
    private void drawFigure(View view, double leftPan, SceneScript.ObjectCrossing crossing) {
        int[] yuv = World.rgb(crossing.colour().r, crossing.colour().g, crossing.colour().b);
        double topTilt = crossing.feetTilt() + FIGURE_HEIGHT_DEG;
        double[][] parts = {
                {0.30, 0.00, 0.40, 0.17}, // head
                {0.00, 0.18, 1.00, 0.44}, // body and arms
                {0.08, 0.62, 0.36, 0.38}, // left leg
                {0.56, 0.62, 0.36, 0.38}, // right leg
        };
        for (double[] part : parts) {
            double pan0 = leftPan + part[0] * FIGURE_WIDTH_DEG;
            double tilt0 = topTilt - part[1] * FIGURE_HEIGHT_DEG;
            fillWorldRect(view, pan0, tilt0, part[2] * FIGURE_WIDTH_DEG, part[3] * FIGURE_HEIGHT_DEG, yuv);
        }
    }

    /** Fills the part of the picture that shows the world rectangle from (pan, topTilt), w by h degrees. */
    private void fillWorldRect(View view, double pan, double topTilt, double w, double h, int[] yuv) {
        int x0 = viewX(view, pan);
        int x1 = viewX(view, pan + w);
        int y0 = viewY(view, topTilt);
        int y1 = viewY(view, topTilt - h);
        x0 = clamp(x0, 0, width);
        x1 = clamp(x1, 0, width);
        y0 = clamp(y0, 0, height);
        y1 = clamp(y1, 0, height);
        for (int r = y0; r < y1; r++) {
            Arrays.fill(y, r * width + x0, r * width + x1, (byte) (yuv[0] - 128));
        }
        int chromaWidth = width / 2;
        for (int r = y0 / 2; r < (y1 + 1) / 2 && r < height / 2; r++) {
            int from = r * chromaWidth + x0 / 2;
            int to = r * chromaWidth + Math.min(chromaWidth, (x1 + 1) / 2);
            if (from < to) {
                Arrays.fill(u, from, to, (byte) (yuv[1] - 128));
                Arrays.fill(v, from, to, (byte) (yuv[2] - 128));
            }
        }
    }

    /** The picture column showing pan {@code pan} (may be outside the picture). */
    private static int viewX(View view, double pan) {
        double world = (pan - World.PAN_LEFT) * World.PIXELS_PER_DEGREE * FIXED_ONE;
        return (int) Math.round((world - view.left()) / view.step());
    }

    private static int viewY(View view, double tilt) {
        double world = (World.TILT_TOP - tilt) * World.PIXELS_PER_DEGREE * FIXED_ONE;
        return (int) Math.round((world - view.top()) / view.step());
    }

    /** Light, night mode, brightness and contrast in one table per plane kind. */
    private void applyLight(ImageSettings now, double light, boolean blackAndWhite) {
        double gain = 1 + now.contrast() / 100.0;
        double offset = now.brightness() * 0.64;
        for (int sample = 0; sample < 256; sample++) {
            double lit = 16 + (sample - 16) * light;
            double out = 128 + (lit - 128) * gain + offset;
            lumaLut[sample] = clamp((int) Math.round(out), 0, 255) - 128;
            chromaLut[sample] = blackAndWhite ? 0 : (int) Math.round((sample - 128) * Math.min(1, light));
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = (byte) lumaLut[y[i] + 128];
        }
        for (int i = 0; i < u.length; i++) {
            u[i] = (byte) chromaLut[u[i] + 128];
            v[i] = (byte) chromaLut[v[i] + 128];
        }
    }

    private void mirror() {
        mirror(y, width, height);
        mirror(u, width / 2, height / 2);
        mirror(v, width / 2, height / 2);
    }

    private static void mirror(byte[] plane, int w, int h) {
        for (int r = 0; r < h; r++) {
            for (int a = r * w, b = a + w - 1; a < b; a++, b--) {
                byte t = plane[a];
                plane[a] = plane[b];
                plane[b] = t;
            }
        }
    }

    private void flip() {
        flip(y, width, height);
        flip(u, width / 2, height / 2);
        flip(v, width / 2, height / 2);
    }

    private static void flip(byte[] plane, int w, int h) {
        byte[] row = new byte[w];
        for (int top = 0, bottom = h - 1; top < bottom; top++, bottom--) {
            System.arraycopy(plane, top * w, row, 0, w);
            System.arraycopy(plane, bottom * w, plane, top * w, w);
            System.arraycopy(row, 0, plane, bottom * w, w);
        }
    }

    /** The script's noise, or the quiet level with a small jitter that changes every 100 ms. */
    private double audioDbfs(long scriptMicros, long elapsedMicros) {
        double noise = script.noiseDbfs(scriptMicros);
        if (!Double.isNaN(noise)) {
            return noise;
        }
        long bucket = Math.floorDiv(elapsedMicros, 100_000) * 0x9E3779B97F4A7C15L;
        double unit = (bucket >>> 11) / (double) (1L << 53); // 0 .. 1
        return QUIET_DBFS + (unit * 2 - 1) * QUIET_JITTER_DB;
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }
}
