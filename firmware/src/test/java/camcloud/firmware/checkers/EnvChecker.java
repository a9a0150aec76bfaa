package camcloud.firmware.checkers;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads U-Boot environment blocks with libubootenv's {@code fw_printenv}, the tool a real camera's
 * Linux uses: a generated {@code fw_env.config} points it at a file holding our block(s).
 */
public final class EnvChecker {

    private EnvChecker() {
    }

    /** The variables {@code fw_printenv} reads from a single-copy block. */
    public static Map<String, String> printenv(byte[] block, Path tempDir) {
        return printenv(block, null, tempDir);
    }

    /** The variables {@code fw_printenv} reads from a redundant pair ({@code second == null}: single copy). */
    public static Map<String, String> printenv(byte[] first, byte[] second, Path tempDir) {
        ExternalTool fwPrintenv = ExternalTool.require("fw_printenv", "libubootenv-tool");
        try {
            Path dir = Files.createTempDirectory(tempDir, "env");
            Path file = dir.resolve("env.bin");
            int size = first.length;
            byte[] all = second == null ? first : new byte[size * 2];
            if (second != null) {
                System.arraycopy(first, 0, all, 0, size);
                System.arraycopy(second, 0, all, size, size);
            }
            Files.write(file, all);
            String config = file + " 0x0 0x" + Integer.toHexString(size) + "\n";
            if (second != null) {
                config += file + " 0x" + Integer.toHexString(size) + " 0x" + Integer.toHexString(size) + "\n";
            }
            Path configFile = dir.resolve("fw_env.config");
            Files.writeString(configFile, config);
            ExternalTool.Result result = fwPrintenv.run("-c", configFile.toString());
            assertThat(result.exitCode()).as("fw_printenv exit code; output:%n%s", result.output()).isZero();
            Map<String, String> vars = new LinkedHashMap<>();
            for (String line : result.output().split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                int eq = line.indexOf('=');
                assertThat(eq).as("fw_printenv line '%s'", line).isPositive();
                vars.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return vars;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
