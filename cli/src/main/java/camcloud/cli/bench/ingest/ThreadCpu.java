package camcloud.cli.bench.ingest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** CPU time of this JVM's threads by name: the bench's own camera clients, apart from the rest. */
public final class ThreadCpu {

    private ThreadCpu() {
    }

    /** CPU nanoseconds of the live threads whose name starts with {@code prefix}. */
    public static long ofThreadsNamed(String prefix) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            if (info != null && info.getThreadName().startsWith(prefix)) {
                sum += Math.max(0, threads.getThreadCpuTime(id));
            }
        }
        return sum;
    }
}
