package camcloud.media.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the independent checkers {@code ffmpeg} and {@code ffprobe} on what the media code writes.
 * Shared with the other modules' tests through media's test jar.
 * On a machine without them a test is skipped, except on CI ({@code CI=true}) where their absence
 * fails the test: CI must never pass by not checking.
 */
public final class Ffmpeg {

    /** What a checker printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
    }

    private Ffmpeg() {
    }

    /** Skips the calling test when ffmpeg/ffprobe are missing, or fails it on CI. */
    public static void assumeAvailable() {
        boolean present = works("ffmpeg") && works("ffprobe");
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("ffmpeg and ffprobe must be installed on CI (CI=true)").isTrue();
        }
        assumeTrue(present, "ffmpeg/ffprobe not installed; skipping the independent check");
    }

    /** {@code ffmpeg -v error -i file -f null -}: decodes everything, must exit 0 with empty stderr. */
    public static Result decode(Path file) {
        return run("ffmpeg", "-nostdin", "-v", "error", "-i", file.toString(), "-f", "null", "-");
    }

    /** Asserts that ffmpeg decodes {@code file} without any error output. */
    public static void assertDecodesCleanly(Path file) {
        Result result = decode(file);
        assertThat(result.exitCode()).as("ffmpeg exit code for %s, stderr: %s", file, result.stderr()).isZero();
        assertThat(result.stderr()).as("ffmpeg stderr for %s", file).isEmpty();
    }

    /**
     * {@code ffprobe -v error -show_streams -show_format -of flat}; asserts exit 0 and empty stderr
     * and returns the flat key=value output.
     */
    public static String probe(Path file, String... extra) {
        List<String> command = new ArrayList<>(List.of("ffprobe", "-v", "error", "-show_streams", "-show_format"));
        command.addAll(List.of(extra));
        command.addAll(List.of("-of", "flat", file.toString()));
        Result result = run(command.toArray(String[]::new));
        assertThat(result.exitCode()).as("ffprobe exit code for %s, stderr: %s", file, result.stderr()).isZero();
        assertThat(result.stderr()).as("ffprobe stderr for %s", file).isEmpty();
        return result.stdout();
    }

    /** One value from {@link #probe} output, e.g. {@code streams.stream.0.width}; quotes removed. */
    public static String field(String probeOutput, String key) {
        for (String line : probeOutput.split("\n")) {
            if (line.startsWith(key + "=")) {
                return line.substring(key.length() + 1).replace("\"", "").trim();
            }
        }
        throw new AssertionError("ffprobe output has no " + key + ":\n" + probeOutput);
    }

    /** Counts decoded frames: {@code ffprobe -count_frames}. */
    public static int countFrames(Path file) {
        String out = probe(file, "-count_frames");
        return Integer.parseInt(field(out, "streams.stream.0.nb_read_frames"));
    }

    public static Result run(String... command) {
        return runWithInput(null, command);
    }

    /** Runs {@code command}, feeding {@code stdin} (or nothing) to it; exit code, stdout and stderr. */
    public static Result runWithInput(byte[] stdin, String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            try (java.io.OutputStream in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            } catch (IOException stoppedReading) {
                // the tool stopped reading: its exit code and stderr say why
            }
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out: " + String.join(" ", command));
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean works(String tool) {
        try {
            Process process = new ProcessBuilder(tool, "-version").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
