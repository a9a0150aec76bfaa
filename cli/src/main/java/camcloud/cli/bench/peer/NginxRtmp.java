package camcloud.cli.bench.peer;

import camcloud.cli.bench.host.ListenPorts;
import camcloud.cli.bench.host.ProcFs;
import camcloud.cli.bench.host.StartedProcesses;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx-rtmp, the peer media server, as Debian ships it ({@code nginx} + {@code libnginx-mod-rtmp}):
 * started in the foreground with a configuration this class writes ({@code -c}), loading the RTMP
 * module itself, recording every stream it receives to FLV files ({@code record all}). One worker
 * (the camcloud node is compared per CPU millisecond, not per core count), {@code daemon off} so
 * this process is its parent, and a pid file that {@link #close()} kills it by.
 *
 * <pre>{@code
 * try (NginxRtmp nginx = NginxRtmp.start(dir, 1, 400)) {
 *     ... publish to nginx.publishUrl("s1"); nginx.recordDir() fills with s1.flv ...
 * }
 * }</pre>
 */
public final class NginxRtmp implements AutoCloseable {

    /** Where Debian's {@code libnginx-mod-rtmp} puts the module. */
    public static final Path MODULE = Path.of("/usr/lib/nginx/modules/ngx_rtmp_module.so");
    private static final Path BINARY = Path.of("/usr/sbin/nginx");
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(20);

    private final Path dir;
    private final int port;
    private final Process process;

    private NginxRtmp(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    /** Why nginx-rtmp cannot run here ("nginx is not installed", …), or empty when it can. */
    public static Optional<String> missing() {
        if (!Files.isExecutable(BINARY)) {
            return Optional.of(BINARY + " is missing: install Debian's nginx and libnginx-mod-rtmp");
        }
        if (!Files.isReadable(MODULE)) {
            return Optional.of(MODULE + " is missing: install Debian's libnginx-mod-rtmp");
        }
        return Optional.empty();
    }

    /**
     * Writes {@code dir/nginx.conf} and starts nginx on a free loopback port with {@code workers}
     * worker processes and room for {@code streams} publishers; returns once it accepts connections.
     * Fails with nginx's error log when it does not start.
     */
    public static NginxRtmp start(Path dir, int workers, int streams) throws IOException, InterruptedException {
        missing().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        Files.createDirectories(dir.resolve("record"));
        int port = ListenPorts.next();
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config(dir, port, workers, streams));
        Process process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString(), "-p", dir + "/",
                "-e", dir.resolve("error.log").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        StartedProcesses.started(process);
        NginxRtmp nginx = new NginxRtmp(dir, port, process);
        long end = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < end && process.isAlive()) {
            if (accepts(port) && Files.exists(nginx.pidFile())) {
                return nginx;
            }
            Thread.sleep(50);
        }
        nginx.close();
        throw new IOException("nginx-rtmp did not start; " + nginx.log());
    }

    /**
     * The configuration: the RTMP module loaded by path (no system configuration is read), every
     * stream of application {@code live} recorded whole to {@code record/NAME.flv}. As root the workers
     * run as root too, to write the bench's directory (nginx would switch them to {@code nobody}).
     */
    static String config(Path dir, int port, int workers, int streams) {
        boolean root = "root".equals(System.getProperty("user.name"));
        return "# written by camcloud bench ingest --vs-nginx\n"
                + "load_module " + MODULE + ";\n"
                + "daemon off;\n"
                + "master_process on;\n"
                + (root ? "user root;\n" : "")
                + "worker_processes " + workers + ";\n"
                + "worker_rlimit_nofile " + (4 * streams + 256) + ";\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log " + dir.resolve("error.log") + " warn;\n"
                + "events { worker_connections " + (2 * streams + 256) + "; }\n"
                + "rtmp {\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + ";\n"
                + "    application live {\n"
                + "      live on;\n"
                + "      record all;\n"
                + "      record_path " + dir.resolve("record") + ";\n"
                + "    }\n"
                + "  }\n"
                + "}\n";
    }

    /** {@code rtmp://127.0.0.1:PORT/live/NAME}. */
    public String publishUrl(String name) {
        return "rtmp://127.0.0.1:" + port + "/live/" + name;
    }

    /** Where stream NAME is recorded as {@code NAME.flv}. */
    public Path recordDir() {
        return dir.resolve("record");
    }

    /** The recording of stream {@code name}. */
    public Path recording(String name) {
        return recordDir().resolve(name + ".flv");
    }

    /** The master's pid, from nginx's own pid file. */
    public long masterPid() throws IOException {
        return Long.parseLong(Files.readString(pidFile()).strip());
    }

    /** The master and its workers: what serves, all of it measured. */
    public List<Long> pids() throws IOException {
        return ProcFs.tree(masterPid());
    }

    /** nginx's error log, for a failure message. */
    public String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("error.log", "nginx.out")) {
            try {
                text.append(name).append(":\n").append(Files.readString(dir.resolve(name)));
            } catch (IOException e) {
                text.append(name).append(": none\n");
            }
        }
        return text.toString();
    }

    private Path pidFile() {
        return dir.resolve("nginx.pid");
    }

    /**
     * Stops nginx: SIGTERM to the master named in the pid file (it stops its workers), then to the
     * process this class started; forced after a few seconds; workers left over are killed by pid.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>();
        try {
            ProcessHandle.of(masterPid()).ifPresent(all::add);
        } catch (IOException | NumberFormatException e) {
            // not written yet: the process we started is the master
        }
        all.add(process.toHandle());
        all.addAll(process.descendants().toList());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle p : all) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                p.destroyForcibly();
            }
        }
        process.waitFor(5, TimeUnit.SECONDS);
        StartedProcesses.stopped(process);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
