package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;

import camcloud.media.testing.Ffmpeg;
import java.util.ArrayList;
import java.util.List;

/**
 * The independent checkers {@code ffmpeg}/{@code ffprobe} for what live and archive delivery
 * send, on top of media's {@link Ffmpeg} (skipped where missing, a failure on CI).
 */
public final class FfmpegCheck {

    private FfmpegCheck() {
    }

    public static void assumeAvailable() {
        Ffmpeg.assumeAvailable();
    }

    /** {@code ffmpeg -v error -i INPUT -f null -} (INPUT "-" reads {@code stdin}) exits 0 and prints nothing. */
    public static void assertPlaysCleanly(byte[] stdin, String... inputArgs) {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-v", "error"));
        cmd.addAll(List.of(inputArgs));
        cmd.addAll(List.of("-f", "null", "-"));
        Ffmpeg.Result r = Ffmpeg.runWithInput(stdin, cmd.toArray(String[]::new));
        assertThat(r.exitCode()).as("ffmpeg exit code, stderr: %s", r.stderr()).isZero();
        assertThat(r.stderr()).as("ffmpeg stderr").isEmpty();
    }

    /** The container duration ffprobe reports, in seconds. */
    public static double duration(String file) {
        Ffmpeg.Result r = Ffmpeg.run("ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", file);
        assertThat(r.exitCode()).as("ffprobe exit code, stderr: %s", r.stderr()).isZero();
        assertThat(r.stderr()).as("ffprobe stderr").isEmpty();
        return Double.parseDouble(r.stdout().trim());
    }
}
