package camcloud.cli.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The machine a benchmark ran on, printed with its figures: cores, RAM, CPU model, JDK and the load
 * average when it started (figures taken under load say so). Read from {@code /proc} where there is one.
 */
public record Machine(int cores, long ramBytes, String cpuModel, String jdk, String loadAverage) {

    /** This machine, now. */
    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), readRamBytes(), readCpuModel(),
                System.getProperty("java.vm.name") + " " + Runtime.version(), loadAverageNow());
    }

    /** One line: {@code machine: 2 cores (…), 24.0 GiB RAM, JDK …, load average 0.10 0.20 0.30}. */
    public String line() {
        return String.format("machine: %d cores (%s), %.1f GiB RAM, %s, load average %s", cores, cpuModel,
                ramBytes / (double) (1L << 30), jdk, loadAverage);
    }

    /** The 1-, 5- and 15-minute load averages now ("?" where unknown). */
    public static String loadAverageNow() {
        List<String> fields = firstLine(Path.of("/proc/loadavg"));
        return fields.size() >= 3 ? String.join(" ", fields.subList(0, 3)) : "?";
    }

    private static long readRamBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.substring(9).strip().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static String readCpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static List<String> firstLine(Path file) {
        try {
            return List.of(Files.readAllLines(file).get(0).strip().split("\\s+"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}
