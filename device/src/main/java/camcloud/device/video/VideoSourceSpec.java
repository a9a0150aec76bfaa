package camcloud.device.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Which picture a virtual camera shows, as the {@code --source} flag states it:
 * {@code synthetic} (a JCodec-encoded scene, see {@link SyntheticVideoSource}) or {@code file:PATH}
 * (real footage, H.264 Annex B or MP4, see {@link FileVideoSource}). Parsing checks everything it
 * can at once, the file included (it must exist, be readable and hold playable H.264), so a bad value
 * stops the command before any camera powers on, with a message naming the flag and the value.
 *
 * <p>One spec serves a whole fleet: {@link #open(long)} gives each camera its own source; a file is
 * read once and its clip shared.
 */
public sealed interface VideoSourceSpec permits VideoSourceSpec.Synthetic, VideoSourceSpec.File {

    /** The flag this spec is parsed from, for messages. */
    String FLAG = "--source";

    /** A new source for one camera; {@code seed} varies the picture between cameras where it can. */
    VideoSource open(long seed) throws IOException;

    /** The synthetic scene with these settings. */
    record Synthetic(SceneSettings scene) implements VideoSourceSpec {
        public Synthetic {
            Objects.requireNonNull(scene, "scene");
        }

        @Override
        public VideoSource open(long seed) {
            return new SyntheticVideoSource(scene, seed);
        }

        @Override
        public String toString() {
            return "synthetic " + scene.width() + "x" + scene.height() + " at " + scene.fps() + " fps";
        }
    }

    /** Footage from a file, loaded once. */
    record File(Path path, FileVideoSource.Clip clip) implements VideoSourceSpec {
        @Override
        public VideoSource open(long seed) {
            return new FileVideoSource(clip);
        }

        @Override
        public String toString() {
            return "file " + path;
        }
    }

    /**
     * Parses {@code synthetic} or {@code file:PATH}.
     *
     * @param scene the synthetic scene's settings (ignored for a file)
     * @throws IllegalArgumentException naming {@value #FLAG} and the value: unknown kind, missing,
     *                                  unreadable or unplayable file
     */
    static VideoSourceSpec parse(String value, SceneSettings scene) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(FLAG + " must be 'synthetic' or 'file:PATH', was empty");
        }
        if (value.equals("synthetic")) {
            return new Synthetic(scene);
        }
        if (!value.startsWith("file:")) {
            throw new IllegalArgumentException(FLAG + " must be 'synthetic' or 'file:PATH', was '" + value + "'");
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

    /** {@link #parse(String, SceneSettings)} with the 640x360 sub-stream scene. */
    static VideoSourceSpec parse(String value) {
        return parse(value, SceneSettings.sd360());
    }
}
