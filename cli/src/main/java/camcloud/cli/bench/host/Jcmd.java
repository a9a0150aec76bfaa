package camcloud.cli.bench.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JDK's {@code jcmd} against a JVM we started: a full GC, then the heap in use, so that memory
 * per camera counts what stays live and not garbage waiting for the next collection.
 */
public final class Jcmd {

    /** {@code GC.heap_info}'s first line: {@code garbage-first heap   total 262144K, used 12345K [...}. */
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private Jcmd() {
    }

    /** {@code jcmd PID GC.run}: a full collection (System.gc()); returns when it is done. */
    public static void fullGc(long pid) throws IOException, InterruptedException {
        run(pid, "GC.run");
    }

    /** Heap in use now ({@code jcmd PID GC.heap_info}), in bytes. */
    public static long heapUsedBytes(long pid) throws IOException, InterruptedException {
        String out = run(pid, "GC.heap_info");
        Matcher m = USED.matcher(out);
        if (!m.find()) {
            throw new IOException("jcmd " + pid + " GC.heap_info: no 'used' figure in: " + out);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    private static String run(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(JavaCommand.jcmd(), Long.toString(pid), command))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
