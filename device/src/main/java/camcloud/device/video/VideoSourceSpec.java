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
