package camcloud.cli.bench.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a benchmark ran on, in one line: cores, memory, CPU model, JDK and the load average
 * when it started (figures taken on a busy machine say so).
 */
public final class Machine {

    private Machine() {
    }

    /** {@code machine: 2 cores, 23.5 GiB, AMD EPYC, JDK 17.0.x (vendor), load average at start 0.12 0.30 0.25}. */
    public static String describe() {
        return String.format(Locale.ROOT, "machine: %d cores, %s, %s, JDK %s (%s), load average at start %s",
                Runtime.getRuntime().availableProcessors(), memory(), cpuModel(),
                System.getProperty("java.runtime.version"), System.getProperty("java.vendor"), loadAverage());
    }

    /** The 1, 5 and 15-minute load averages of {@code /proc/loadavg}. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.substring(9).replace("kB", "").strip());
                    return String.format(Locale.ROOT, "%.1f GiB RAM", kib / 1024.0 / 1024.0);
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: say so below
        }
        return "RAM unknown";
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux: say so below
        }
        return "CPU model unknown";
    }
}
