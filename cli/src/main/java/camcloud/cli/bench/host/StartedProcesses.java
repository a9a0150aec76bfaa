package camcloud.cli.bench.host;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processes a bench started and has not stopped yet (servers, publishers), killed by pid when the
 * bench's JVM exits without stopping them itself (Ctrl-C, an error thrown past the cleanup): a bench
 * never leaves an nginx, an ffmpeg, a node or a fleet running behind it.
 */
public final class StartedProcesses {

    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ProcessHandle p : RUNNING) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }, "bench-cleanup"));
    }

    private StartedProcesses() {
    }

    /** Remembers {@code process} until {@link #stopped}. */
    public static Process started(Process process) {
        RUNNING.add(process.toHandle());
        return process;
    }

    /** Forgets {@code process}: its owner stopped it. */
    public static void stopped(Process process) {
        RUNNING.remove(process.toHandle());
    }
}
