package camcloud.cli.bench.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What Linux says about a process in {@code /proc/PID}: resident memory, CPU time used, open
 * descriptors. Read from outside, so it counts what the process really costs (native memory, TLS
 * engine, thread stacks), not what its JVM believes.
 */
public final class ProcFs {

    /** Clock ticks per second of {@code utime}/{@code stime}: 100 on every Linux we run on ({@code getconf CLK_TCK}). */
    private static final long TICKS_PER_SECOND = 100;

    private ProcFs() {
    }

    /** {@code VmRSS} of {@code /proc/PID/status}, in bytes. */
    public static long rssBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).replace("kB", "").strip()) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    /** User plus system CPU time the process has used, in milliseconds ({@code utime + stime} of {@code /proc/PID/stat}). */
    public static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) * 1000 / TICKS_PER_SECOND;
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
}
