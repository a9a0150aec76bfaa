package camcloud.firmware.checkers;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * An independent checker program (Debian's {@code mkimage}, {@code dumpimage}, {@code fw_printenv}).
 * On a developer machine without it, a test that needs it is skipped; on CI ({@code CI=true}) a
 * missing checker fails the test, so CI can never pass without having checked our bytes.
 */
public final class ExternalTool {

    /** Output of one run. */
    public record Result(int exitCode, String output) {
    }

    private final Path executable;

    private ExternalTool(Path executable) {
        this.executable = executable;
    }

    /** The tool found on {@code PATH}; skips the test (or fails it on CI) when absent. */
    public static ExternalTool require(String name, String debianPackage) {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return new ExternalTool(candidate);
                }
            }
        }
        String message = name + " not found on PATH (Debian package " + debianPackage + ")";
        if ("true".equals(System.getenv("CI"))) {
            fail(message + "; CI=true, so this check may not be skipped");
        }
        Assumptions.abort(message + "; skipping (set CI=true to make this a failure)");
        throw new AssertionError("unreachable");
    }

    /** Runs the tool with {@code args}; stdout and stderr merged. */
    public Result run(String... args) {
        return run(java.util.Map.of(), args);
    }

    /** Runs the tool with extra environment variables (e.g. {@code SOURCE_DATE_EPOCH}). */
    public Result run(java.util.Map<String, String> env, String... args) {
        List<String> command = new ArrayList<>();
        command.add(executable.toString());
        command.addAll(List.of(args));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish within 60 s");
            }
            return new Result(process.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command, e);
        }
    }
}
