package camcloud.cli.bench.peer;

import camcloud.cli.bench.host.StartedProcesses;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * N Debian {@code ffmpeg} processes each publishing the same H.264 clip to an RTMP URL in real time,
 * as a camera would: {@code ffmpeg -nostdin -stream_loop -1 -re -i clip.mp4 -c copy -f flv URL} — no
 * transcoding, the clip's own bitrate and frame rate, looped. (The clip is H.264 in MP4: ffmpeg cannot
 * seek a raw {@code .h264} stream back to its start to loop it.) Each one's errors go to its own log
 * file. {@link #close()} stops them by pid.
 */
public final class FfmpegPublishers implements AutoCloseable {

    private final List<Process> processes;
    private final Path logDir;

    private FfmpegPublishers(List<Process> processes, Path logDir) {
        this.processes = processes;
        this.logDir = logDir;
    }

    /** True when {@code ffmpeg} runs here. */
    public static boolean available() {
        try {
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Starts {@code count} publishers of {@code clip} (an MP4), publisher {@code i} (from 0) to
     * {@code urlOf.apply(i)}, {@code spacingMillis} apart (a hundred processes starting at once would
     * all send their keyframes together, and their start-up is not what is measured).
     */
    public static FfmpegPublishers start(Path clip, int count, IntFunction<String> urlOf, Path logDir,
                                         long spacingMillis) throws IOException, InterruptedException {
        Files.createDirectories(logDir);
        List<Process> started = new ArrayList<>();
        FfmpegPublishers publishers = new FfmpegPublishers(started, logDir);
        try {
            for (int i = 0; i < count; i++) {
                started.add(StartedProcesses.started(new ProcessBuilder("ffmpeg", "-nostdin", "-hide_banner", "-loglevel", "error",
                        "-stream_loop", "-1", "-re", "-i", clip.toString(),
                        "-c", "copy", "-f", "flv", urlOf.apply(i))
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectErrorStream(true).redirectOutput(logDir.resolve("publisher-" + i + ".log").toFile())
                        .start()));
                Thread.sleep(spacingMillis);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            publishers.close();
            throw e;
        }
        return publishers;
    }

    /** How many publishers still run. */
    public int alive() {
        return (int) processes.stream().filter(Process::isAlive).count();
    }

    public int count() {
        return processes.size();
    }

    /** The log of a publisher that stopped, for a failure message; empty when all run. */
    public String firstFailure() {
        for (int i = 0; i < processes.size(); i++) {
            if (!processes.get(i).isAlive()) {
                try {
                    return "publisher " + i + " exited with " + processes.get(i).exitValue() + ": "
                            + Files.readString(logDir.resolve("publisher-" + i + ".log"));
                } catch (IOException e) {
                    return "publisher " + i + " exited with " + processes.get(i).exitValue();
                }
            }
        }
        return "";
    }

    /** The publishers' pids: their CPU is the clients', reported apart from the server's. */
    public List<Long> pids() {
        return processes.stream().filter(Process::isAlive).map(Process::pid).toList();
    }

    /** SIGTERM to every publisher by pid, forced after a few seconds. */
    @Override
    public void close() throws InterruptedException {
        processes.forEach(Process::destroy);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Process p : processes) {
            if (!p.waitFor(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            StartedProcesses.stopped(p);
        }
    }
}
