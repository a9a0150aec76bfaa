package camcloud.cli.bench.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux says about a process in {@code /proc/PID}: CPU time used, resident memory, open
 * descriptors. Read from outside, so it counts what the process really costs (native memory, TLS
 * engine, thread stacks), not what its JVM believes; and the same way for a camcloud node (one JVM)
 * and nginx (master and workers), so that both are measured alike.
 *
 * <p>A process that ends between two samples takes its CPU time with it; the servers measured here
 * live for the whole measurement.
 */
public final class ProcFs {

    /** Linux's USER_HZ: {@code /proc} counts CPU time in these ticks (100 on every mainstream kernel). */
    private static final long TICKS_PER_SECOND = ticksPerSecond();

    /**
     * What a group of processes had used at one moment.
     *
     * @param cpuNanos  user + system CPU time, summed
     * @param rssBytes  resident memory, summed
     * @param processes how many of the processes could be read
     */
    public record Sample(long cpuNanos, long rssBytes, int processes) {
        /** CPU milliseconds used between {@code earlier} and this sample. */
        public double cpuMillisSince(Sample earlier) {
            return (cpuNanos - earlier.cpuNanos) / 1e6;
        }
    }

    private ProcFs() {
    }

    /** Samples {@code pids} (a pid that is gone counts zero). */
    public static Sample sample(Collection<Long> pids) {
        long cpu = 0;
        long rss = 0;
        int read = 0;
        for (long pid : pids) {
            try {
                long processCpu = cpuNanos(pid);
                long processRss = rssBytes(pid);
                cpu += processCpu;
                rss += processRss;
                read++;
            } catch (IOException | RuntimeException gone) {
                // exited between listing and reading
            }
        }
        return new Sample(cpu, rss, read);
    }

    /** {@code pid} and every process below it (nginx: the master and its workers). */
    public static List<Long> tree(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }

    /** User + system CPU time of {@code pid}, all its threads ({@code utime + stime} of {@code /proc/PID/stat}). */
    public static long cpuNanos(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
        return ticks * (1_000_000_000L / TICKS_PER_SECOND);
    }

    /** {@link #cpuNanos} in milliseconds. */
    public static long cpuMillis(long pid) throws IOException {
        return cpuNanos(pid) / 1_000_000;
    }

    /** {@code VmRSS} of {@code /proc/PID/status}, in bytes. */
    public static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).strip().split("\\s+")[0]) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** Open descriptors: entries of {@code /proc/PID/fd}. */
    public static long openFiles(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return fds.count();
        }
    }

    /** The soft limit on open descriptors ({@code Max open files} of {@code /proc/PID/limits}); -1 when unlimited or unknown. */
    public static long openFilesLimit(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).strip().split("\\s+")[0];
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        return -1;
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes()).strip();
            if (getconf.waitFor() == 0 && out.matches("\\d{1,6}") && Long.parseLong(out) > 0) {
                return Long.parseLong(out);
            }
        } catch (IOException e) {
            // no getconf: the kernel's fixed user-visible rate
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
