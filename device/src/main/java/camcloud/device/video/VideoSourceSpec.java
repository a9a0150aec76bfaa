package camcloud.device.video;

import camcloud.device.scene.LiveSceneSource;
import camcloud.device.scene.SceneScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which picture a virtual camera shows, as the {@code --source} flag states it:
 * {@code synthetic} (a JCodec-encoded loop replayed under a live clock, see {@link SyntheticVideoSource}),
 * {@code scene} or {@code scene:SCRIPTFILE} (a world seen through a pan/tilt head, rendered and
 * encoded live, with the camera's image settings and a scripted timeline of objects, light and noise,
 * see {@link LiveSceneSource} and {@link SceneScript}; without a script it is static) or
 * {@code file:PATH} (real footage, H.264 Annex B or MP4, see {@link FileVideoSource}). Parsing checks everything it
 * can at once, the file included (it must exist, be readable and hold playable H.264), so a bad value
 * stops the command before any camera powers on, with a message naming the flag and the value.
 *
 * <p>One spec serves a whole fleet: {@link #open(long)} gives each camera its own source; a file is
 * read once and its clip shared.
 */
public sealed interface VideoSourceSpec permits VideoSourceSpec.Synthetic, VideoSourceSpec.Scene, VideoSourceSpec.File {

    /** The flag this spec is parsed from, for messages. */
    String FLAG = "--source";

    /** A new source for one camera; {@code seed} varies the picture between cameras where it can. */
    VideoSource open(long seed) throws IOException;

    /**
     * Payload bytes of the shared-memory ring a camera playing this source needs: about four seconds
     * of its video and four times its largest frame (a ring frame may be a quarter of the ring),
     * rounded up to a power of two, at least 256 KiB. The ring lives in memory for as long as the
     * camera is on, so a fleet should not pay for 720p rings when its cameras send 360p.
     */
    int ringBytes();

    /** Smallest ring: 64 KiB frames. */
    int MIN_RING_BYTES = 256 << 10;
    /** Largest ring: 16 MiB frames. */
    int MAX_RING_BYTES = 64 << 20;

    private static int ringBytesFor(double bytesPerSecond, long largestFrame) {
        double wanted = Math.max(4 * bytesPerSecond, 4.0 * largestFrame);
        long bytes = MIN_RING_BYTES;
        while (bytes < wanted && bytes < MAX_RING_BYTES) {
            bytes <<= 1;
        }
        return (int) bytes;
    }

    /** The synthetic scene with these settings. */
    record Synthetic(SceneSettings scene) implements VideoSourceSpec {
        public Synthetic {
            Objects.requireNonNull(scene, "scene");
        }

        @Override
        public VideoSource open(long seed) {
            return new SyntheticVideoSource(scene, seed);
        }

        /**
         * From the scene's settings, before anything is encoded: the larger of the target bitrate and
         * JCodec's floor of about 6 bytes per macroblock per frame, with half again as margin; an IDR
         * is taken to be at most a second's worth.
         */
        @Override
        public int ringBytes() {
            long macroblocks = (long) ((scene.width() + 15) / 16) * ((scene.height() + 15) / 16);
            double bytesPerSecond = 1.5 * Math.max(scene.bitrateKbps() * 125.0, 6.0 * macroblocks * scene.fps());
            return ringBytesFor(bytesPerSecond, (long) bytesPerSecond);
        }

        @Override
        public String toString() {
            return "synthetic " + scene.width() + "x" + scene.height() + " at " + scene.fps() + " fps";
        }
    }

    /**
     * The live scene: each camera renders and encodes its own picture (a JCodec encode per frame, so a
     * process runs a few of these), starting with {@code settings}.
     *
     * @param script     what happens in the scene
     * @param scriptFile where the script came from, for messages (null: built in)
     * @param settings   the picture's first size, rate and bitrate (the cloud may change them)
     */
    record Scene(SceneScript script, Path scriptFile, ImageSettings settings) implements VideoSourceSpec {
        public Scene {
            Objects.requireNonNull(script, "script");
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public VideoSource open(long seed) {
            return new LiveSceneSource(script, settings);
        }

        /**
         * For the largest picture the camera may be switched to (1280x720 at 30 fps, 8 Mbit/s), since
         * the ring is made once at power-on: 8 MiB.
         */
        @Override
        public int ringBytes() {
            SceneControl.Resolution largest = LiveSceneSource.RESOLUTIONS.get(0);
            long macroblocks = (long) ((largest.width() + 15) / 16) * ((largest.height() + 15) / 16);
            double bytesPerSecond = 1.5 * Math.max(8000 * 125.0, 6.0 * macroblocks * 30);
            return ringBytesFor(bytesPerSecond, (long) bytesPerSecond);
        }

        @Override
        public String toString() {
            return "live scene " + settings.resolution() + " at " + settings.fps() + " fps, "
                    + (scriptFile == null ? script.toString() : "script " + scriptFile + " (" + script + ")");
        }
    }

    /** Footage from a file, loaded once. */
    record File(Path path, FileVideoSource.Clip clip) implements VideoSourceSpec {
        @Override
        public VideoSource open(long seed) {
            return new FileVideoSource(clip);
        }

        /** Measured on the clip: its average rate and its largest frame. */
        @Override
        public int ringBytes() {
            long bytes = 0;
            long nanos = 0;
            long largest = 0;
            for (FileVideoSource.Clip.Frame frame : clip.frames()) {
                bytes += frame.annexB().length;
                nanos += frame.durationNanos();
                largest = Math.max(largest, frame.annexB().length);
            }
            double bytesPerSecond = nanos == 0 ? bytes : bytes * 1e9 / nanos;
            return ringBytesFor(bytesPerSecond, largest);
        }

        @Override
        public String toString() {
            return "file " + path;
        }
    }

    /**
     * Parses {@code synthetic}, {@code scene}, {@code scene:SCRIPTFILE} or {@code file:PATH}.
     *
     * @param scene the synthetic scene's settings, also the live scene's first size, rate and bitrate
     *              (ignored for a file)
     * @throws IllegalArgumentException naming {@value #FLAG} and the value: unknown kind, missing,
     *                                  unreadable or unplayable file
     */
    static VideoSourceSpec parse(String value, SceneSettings scene) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(FLAG + " must be " + KINDS + ", was empty");
        }
        if (value.equals("synthetic")) {
            return new Synthetic(scene);
        }
        if (value.equals("scene") || value.startsWith("scene:")) {
            return scene(value, scene);
        }
        if (!value.startsWith("file:")) {
            throw new IllegalArgumentException(FLAG + " must be " + KINDS + ", was '" + value + "'");
        }
        String name = value.substring("file:".length());
        if (name.isBlank()) {
            throw new IllegalArgumentException(FLAG + " '" + value + "' names no file; use file:PATH");
        }
        Path path = Path.of(name);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(FLAG + " '" + value + "': no such file " + path.toAbsolutePath());
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(FLAG + " '" + value + "': " + path.toAbsolutePath() + " is not a file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(FLAG + " '" + value + "': cannot read " + path.toAbsolutePath()
                    + " (permission denied)");
        }
        try {
            return new File(path, FileVideoSource.Clip.load(path, FileVideoSource.DEFAULT_FPS));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(FLAG + " '" + value + "': " + e.getMessage(), e);
        }
    }

    /** The kinds of source, for messages. */
    String KINDS = "'synthetic', 'scene', 'scene:SCRIPTFILE' or 'file:PATH'";

    /** A live scene with the script in the file after {@code scene:} (none: static), at {@code scene}'s size. */
    private static Scene scene(String value, SceneSettings scene) {
        SceneControl.Resolution resolution = new SceneControl.Resolution(scene.width(), scene.height());
        if (!LiveSceneSource.RESOLUTIONS.contains(resolution)) {
            throw new IllegalArgumentException(FLAG + " " + value + " takes --resolution "
                    + LiveSceneSource.RESOLUTIONS.stream().map(Object::toString).collect(Collectors.joining(", "))
                    + "; was " + resolution);
        }
        ImageSettings settings;
        try {
            settings = LiveSceneSource.defaults(resolution, scene.fps(), scene.bitrateKbps());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FLAG + " " + value + ": " + e.getMessage(), e);
        }
        if (value.equals("scene")) {
            return new Scene(SceneScript.staticScene(), null, settings);
        }
        String name = value.substring("scene:".length());
        if (name.isBlank()) {
            throw new IllegalArgumentException(FLAG + " '" + value + "' names no script; use scene:SCRIPTFILE");
        }
        Path path = Path.of(name);
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(FLAG + " '" + value + "': cannot read " + path.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        try {
            return new Scene(SceneScript.parse(text), path, settings);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FLAG + " '" + value + "': " + e.getMessage(), e);
        }
    }

    /** {@link #parse(String, SceneSettings)} with the 640x360 sub-stream scene. */
    static VideoSourceSpec parse(String value) {
        return parse(value, SceneSettings.sd360());
    }
}
