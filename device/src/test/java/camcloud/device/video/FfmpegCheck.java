package camcloud.device.video;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The independent checkers {@code ffmpeg}/{@code ffprobe} for what the device's video code makes.
 * Missing on a developer machine: the calling test is skipped. Missing on CI ({@code CI=true}): the
 * test fails, because CI must never pass by not checking.
 */
final class FfmpegCheck {

    record Result(int exitCode, String stdout, String stderr) {
    }

    private FfmpegCheck() {
    }

    static void assumeAvailable() {
        boolean present = works("ffmpeg") && works("ffprobe");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("ffmpeg and ffprobe must be installed on CI (CI=true)").isTrue();
        }
        assumeTrue(present, "ffmpeg/ffprobe not installed; skipping the independent check");
    }

    /** {@code ffmpeg -v error -f h264 -i FILE -f null -} must exit 0 and print nothing. */
    static void assertDecodesCleanly(Path rawH264) {
        Result result = run("ffmpeg", "-nostdin", "-v", "error", "-f", "h264", "-i", rawH264.toString(), "-f", "null", "-");
        assertThat(result.exitCode()).as("ffmpeg exit code, stderr: %s", result.stderr()).isZero();
        assertThat(result.stderr()).as("ffmpeg stderr").isEmpty();
    }

    /** ffprobe's flat {@code key=value} view of the first video stream, counting frames by decoding. */
    static String probeStream(Path rawH264) {
        Result result = run("ffprobe", "-v", "error", "-f", "h264", "-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=codec_name,profile,width,height,nb_read_frames", "-of", "flat",
                rawH264.toString());
        assertThat(result.exitCode()).as("ffprobe exit code, stderr: %s", result.stderr()).isZero();
        assertThat(result.stderr()).as("ffprobe stderr").isEmpty();
        return result.stdout();
    }

    private static boolean works(String tool) {
        try {
            return run(tool, "-version").exitCode() == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).start();
            process.getOutputStream().close();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process, true));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process, false));
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish in 2 minutes");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }

    private static String read(Process process, boolean stdout) {
        try {
            byte[] bytes = (stdout ? process.getInputStream() : process.getErrorStream()).readAllBytes();
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
