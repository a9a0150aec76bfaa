package camcloud.cli.bench.ingest;

import camcloud.device.video.FileVideoSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one H.264 clip both servers of {@code bench ingest --vs-nginx} receive: moving test content
 * ({@code testsrc2}) encoded once by ffmpeg's libx264 to an Annex B {@code .h264} file and kept in a
 * cache directory, so every run and both sides stream the same bytes. Main profile, no B-frames (as
 * cameras send), a keyframe every 2 s, a constant bitrate held by the VBV buffer. ffmpeg encodes it
 * because JCodec cannot go below about 850 kbit/s at 640x360.
 *
 * @param width       picture width
 * @param height      picture height
 * @param fps         frames per second
 * @param kbps        target bitrate
 * @param seconds     length of the loop
 */
public record BenchClip(int width, int height, int fps, int kbps, int seconds) {

    /** 640x360 at 15 fps and 700 kbit/s: a cheap camera's main stream, inside the 600–850 kbit/s. */
    public static final BenchClip DEFAULT = new BenchClip(640, 360, 15, 700, 20);

    public BenchClip {
        if (width < 16 || height < 16 || width % 2 != 0 || height % 2 != 0) {
            throw new IllegalArgumentException("clip size must be even and at least 16x16, was " + width + "x" + height);
        }
        if (fps < 1 || fps > 60 || kbps < 50 || kbps > 20_000 || seconds < 2) {
            throw new IllegalArgumentException("clip " + fps + " fps, " + kbps + " kbit/s, " + seconds
                    + " s is out of range (1–60 fps, 50–20000 kbit/s, at least 2 s)");
        }
    }

    /** The clip's file in {@code cacheDir}, encoded now if it is not there yet. */
    public Path file(Path cacheDir) throws IOException, InterruptedException {
        Files.createDirectories(cacheDir);
        Path file = cacheDir.resolve(String.format("clip-%dx%d-%dfps-%dk-%ds.h264", width, height, fps, kbps, seconds));
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            return file;
        }
        Path partial = cacheDir.resolve(file.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        List<String> command = List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=" + fps,
                "-t", Integer.toString(seconds), "-c:v", "libx264", "-profile:v", "main", "-preset", "veryfast",
                "-tune", "zerolatency", "-pix_fmt", "yuv420p", "-bf", "0",
                "-b:v", kbps + "k", "-maxrate", kbps + "k", "-bufsize", (kbps / 2) + "k",
                "-g", Integer.toString(2 * fps), "-keyint_min", Integer.toString(2 * fps), "-sc_threshold", "0",
                "-f", "h264", partial.toString());
        ffmpeg(command, partial);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    /**
     * The same clip in an MP4 container ({@code -c copy}: the same H.264 bytes, now with timestamps), for
     * ffmpeg publishers: ffmpeg cannot seek a raw {@code .h264} back to its start, so {@code -stream_loop}
     * stops after one pass ("Operation not permitted"). Made next to the {@code .h264} file once.
     */
    public Path mp4(Path cacheDir) throws IOException, InterruptedException {
        Path h264 = file(cacheDir);
        Path mp4 = cacheDir.resolve(h264.getFileName().toString().replace(".h264", ".mp4"));
        if (Files.isRegularFile(mp4) && Files.size(mp4) > 0) {
            return mp4;
        }
        Path partial = cacheDir.resolve("remux." + ProcessHandle.current().pid() + ".part.mp4");
        ffmpeg(List.of("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error", "-y",
                "-framerate", Integer.toString(fps), "-i", h264.toString(), "-c", "copy", partial.toString()), partial);
        Files.move(partial, mp4, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return mp4;
    }

    private static void ffmpeg(List<String> command, Path partial) throws IOException, InterruptedException {
        Process ffmpeg = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(ffmpeg.getInputStream().readAllBytes());
        if (!ffmpeg.waitFor(120, TimeUnit.SECONDS) || ffmpeg.exitValue() != 0) {
            ffmpeg.destroyForcibly();
            Files.deleteIfExists(partial);
            throw new IOException("ffmpeg could not make the bench clip: " + output.strip());
        }
    }

    /** The clip's access units, as the camcloud cameras send them (SPS and PPS on every keyframe). */
    public static FileVideoSource.Clip load(Path file, int fps) throws IOException {
        return FileVideoSource.Clip.load(file, fps);
    }

    /** The average bitrate of a loaded clip, in kbit/s. */
    public static double kbps(FileVideoSource.Clip clip) {
        long bytes = clip.frames().stream().mapToLong(f -> f.annexB().length).sum();
        return bytes * 8.0 / 1000 / (clip.frames().size() / (double) clip.format().fps());
    }

    /** The default cache: {@code camcloud-bench-cache} in the temporary directory. */
    public static Path defaultCache() {
        return Path.of(System.getProperty("java.io.tmpdir"), "camcloud-bench-cache");
    }
}
