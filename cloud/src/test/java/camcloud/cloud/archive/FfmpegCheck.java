package camcloud.cloud.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The independent checkers {@code ffmpeg}/{@code ffprobe} for what live and archive delivery
 * send. Missing on a developer machine: the calling test is skipped. Missing on CI
 * ({@code CI=true}): the test fails, because CI must never pass by not checking.
 */
public final class FfmpegCheck {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    private FfmpegCheck() {
    }

    public static void assumeAvailable() {
        boolean present = works("ffmpeg") && works("ffprobe");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("ffmpeg and ffprobe must be installed on CI (CI=true)").isTrue();
        }
        assumeTrue(present, "ffmpeg/ffprobe not installed; skipping the independent check");
    }

    /** {@code ffmpeg -v error -i INPUT -f null -} (INPUT "-" reads {@code stdin}) exits 0 and prints nothing. */
    public static void assertPlaysCleanly(byte[] stdin, String... inputArgs) {
        String[] cmd = concat(List.of("ffmpeg", "-v", "error"), inputArgs, "-f", "null", "-");
        Result r = run(stdin, cmd);
        assertThat(r.exitCode()).as("ffmpeg exit code, stderr: %s", r.stderr()).isZero();
        assertThat(r.stderr()).as("ffmpeg stderr").isEmpty();
    }

    /** The container duration ffprobe reports, in seconds. */
    public static double duration(String file) {
        Result r = run(null, "ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", file);
        assertThat(r.exitCode()).as("ffprobe exit code, stderr: %s", r.stderr()).isZero();
        assertThat(r.stderr()).as("ffprobe stderr").isEmpty();
        return Double.parseDouble(r.stdout().trim());
    }

    public static Result run(byte[] stdin, String... command) {
        try {
            Process p = new ProcessBuilder(command).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException e) {
                // the tool stopped reading: its exit code and stderr say why
            }
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish in 2 minutes");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command[0], e);
        }
    }

    private static boolean works(String tool) {
        try {
            return run(null, tool, "-version").exitCode() == 0;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String[] concat(List<String> head, String[] middle, String... tail) {
        String[] all = new String[head.size() + middle.length + tail.length];
        int i = 0;
        for (String s : head) {
            all[i++] = s;
        }
        for (String s : middle) {
            all[i++] = s;
        }
        for (String s : tail) {
            all[i++] = s;
        }
        return all;
    }
}
