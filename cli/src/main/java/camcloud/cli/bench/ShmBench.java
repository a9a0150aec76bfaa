package camcloud.cli.bench;

import camcloud.device.ring.RingFrame;
import camcloud.device.ring.RingReader;
import camcloud.device.ring.RingWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code camcloud bench shm}: the video application's hand-off of access units to the cloud agent,
 * through the shared-memory {@link RingWriter ring} and, for comparison, through a loopback TCP socket
 * (the "vendor firmware + RTSP" way), each to a reader in <em>another process</em> (a second JVM on the
 * same class path, {@link Peer}).
 *
 * <p>The same frames go both ways: 720p-like access units, an IDR of 60 KB every 50 frames and P-frames
 * of 5-30 KB. Two phases per transport:
 * <ol>
 *   <li><b>throughput</b>: {@code --frames} frames back to back. The socket is flow-controlled by TCP;
 *       the ring's writer never waits for a reader by design, so for this phase only the bench keeps it
 *       at most {@code --window} frames ahead of the reader (the reader publishes its count in a small
 *       side mapping) — we measure the cost of the hand-off, not of losing frames;</li>
 *   <li><b>latency</b>: {@code --latency-frames} frames, one every {@code --latency-interval-us}, each
 *       stamped with {@link System#nanoTime()} (one monotonic clock for all processes of the machine);
 *       the reader takes the difference once it has touched the payload.</li>
 * </ol>
 * The reader does the same work with every frame on both paths: it touches one byte per 64-byte cache
 * line of the payload and checks the sequence number (the agent would read every byte once more to
 * encrypt it into its network buffer — the same on both paths, so left out).
 *
 * <p>Copies are counted by design, not measured: the ring costs the writer one copy (encoder output
 * into the mapping; an encoder writing straight into the ring would make it zero) and the reader
 * none; the socket costs a user-to-kernel copy in {@code write} and a kernel-to-user copy in
 * {@code read}. Syscalls are counted: socket reads and writes as issued; for the ring, the yields and
 * parks of a side that had to wait (zero when the other side keeps it busy).
 */
@Command(name = "shm", mixinStandardHelpOptions = true,
        description = "Shared-memory ring hand-off vs loopback TCP socket: cost per frame, copies per frame.")
public final class ShmBench implements Callable<Integer> {

    static final int HEADER_BYTES = 32;
    static final int MAX_FRAME = 64 * 1024;
    private static final VarHandle LONGS = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    @Option(names = "--frames", defaultValue = "100000", description = "Frames in the throughput phase (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--latency-frames", defaultValue = "4000", description = "Frames in the latency phase (default: ${DEFAULT-VALUE}).")
    int latencyFrames;

    @Option(names = "--latency-interval-us", defaultValue = "250", description = "Pause between latency frames, µs (default: ${DEFAULT-VALUE}).")
    int latencyIntervalMicros;

    @Option(names = "--window", defaultValue = "128", description = "Ring throughput phase: most frames the writer may be ahead (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = "--dir", description = "Directory for the ring file (default: /dev/shm if present, else the temp directory).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        requirePositive("--frames", frames);
        requirePositive("--latency-frames", latencyFrames);
        requirePositive("--latency-interval-us", latencyIntervalMicros);
        requirePositive("--window", window);
        Path ringDir = dir != null ? dir : Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm")
                : Path.of(System.getProperty("java.io.tmpdir"));
        Frames source = new Frames();
        System.out.printf("camcloud bench shm: %d throughput + %d latency frames (every %d µs), mean %.1f KB,"
                        + " reader in another JVM; ring in %s%n", frames, latencyFrames, latencyIntervalMicros,
                source.meanBytes(frames) / 1024.0, ringDir);

        Outcome ring = runRing(source, ringDir);
        Outcome socket = runSocket(source);

        System.out.println();
        System.out.printf("%-14s %10s %9s %12s %12s %12s %9s %9s %10s %10s %5s%n", "hand-off", "frames", "MB/s",
                "wall ns/fr", "writer cpu", "reader cpu", "copies", "syscalls", "lat p50", "lat p99", "lost");
        System.out.printf("%-14s %10s %9s %12s %12s %12s %9s %9s %10s %10s %5s%n", "", "", "", "",
                "ns/frame", "ns/frame", "/frame", "/frame", "µs", "µs", "");
        print("shm ring", ring, "1 + 0");
        print("loopback TCP", socket, "1 + 1");
        System.out.println();
        System.out.println("copies/frame: writer side + reader side. ring: the writer copies the access unit into the"
                + " mapping, the reader reads it in place (0 copies between the processes; a view, not a copy)."
                + " TCP: write() copies user->kernel, read() copies kernel->user.");
        System.out.println("syscalls/frame: TCP = read()+write() calls issued by both sides; ring = yields/parks of a"
                + " side that had nothing to do (no syscall is needed to hand a frame over).");
        System.out.println("wall ns/frame, MB/s, cpu, syscalls: throughput phase (first send to last frame read;"
                + " CPU time of the sending / reading thread, spinning included). Latency: latency phase; there"
                + " the ring reader polls and yields its core between polls (a camera's agent would park up to"
                + " ~1 ms between polls, see RingIdle), while the TCP reader sleeps in read() until the kernel"
                + " wakes it. Run on an idle machine: a busy one makes the latency figures noisy.");
        return 0;
    }

    private static void print(String name, Outcome o, String copies) {
        System.out.printf("%-14s %10d %9.0f %12.0f %12.0f %12.0f %9s %9.2f %10.1f %10.1f %5d%n", name, o.frames,
                o.megabytesPerSecond(), o.wallNanosPerFrame(), o.writerCpuNanos / (double) o.frames,
                o.readerCpuNanos / (double) o.frames, copies, o.syscallsPerFrame(), o.latencyP50Nanos / 1000.0,
                o.latencyP99Nanos / 1000.0, o.lost);
    }

    private Outcome runRing(Frames source, Path ringDir) throws Exception {
        Path file = ringDir.resolve("camcloud-bench-" + ProcessHandle.current().pid() + ".ring");
        Path ackFile = ringDir.resolve("camcloud-bench-" + ProcessHandle.current().pid() + ".ack");
        MappedByteBuffer ack = mapAck(ackFile, true);
        try {
            return runRing(source, file, ack, ackFile);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(ackFile);
        }
    }

    private Outcome runRing(Frames source, Path file, MappedByteBuffer ack, Path ackFile) throws Exception {
        try (RingWriter writer = RingWriter.create(file, 1024, 16 << 20);
             PeerProcess peer = PeerProcess.start("ring", file.toString(), ackFile.toString(),
                     String.valueOf(frames), String.valueOf(latencyFrames))) {
            peer.expect("READY");
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            Backoff backoff = new Backoff();
            long cpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            for (int sequence = 0; sequence < frames; sequence++) {
                while (sequence - (long) LONGS.getAcquire(ack, 0) >= window) {
                    backoff.idle();
                }
                backoff.reset();
                writer.append(source.frame(sequence, 0), sequence % 50 == 0, sequence, 0);
            }
            long writerCpu = threads.getCurrentThreadCpuTime() - cpuStart;
            long writerSyscalls = backoff.syscalls;
            for (int sequence = frames; sequence < frames + latencyFrames; sequence++) {
                pause(latencyIntervalMicros);
                writer.append(source.frame(sequence, System.nanoTime()), sequence % 50 == 0, sequence, 0);
            }
            writer.close();
            Map<String, Long> result = peer.result();
            return new Outcome(frames, source.totalBytes(frames), result.get("lastThroughputNanos") - start,
                    writerCpu, result.get("cpuNanos"), writerSyscalls + result.get("syscalls"),
                    result.get("p50"), result.get("p99"), result.get("lost") + result.get("bad"));
        }
    }

    private Outcome runSocket(Frames source) throws Exception {
        try (PeerProcess peer = PeerProcess.start("socket", String.valueOf(frames), String.valueOf(latencyFrames))) {
            int port = Integer.parseInt(peer.expect("READY").substring("READY ".length()));
            try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                ByteBuffer header = ByteBuffer.allocateDirect(HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
                ByteBuffer[] both = new ByteBuffer[2];
                long writes = 0;
                long cpuStart = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                long writerCpu = 0;
                long writerSyscalls = 0;
                for (int sequence = 0; sequence < frames + latencyFrames; sequence++) {
                    if (sequence == frames) {
                        writerCpu = threads.getCurrentThreadCpuTime() - cpuStart;
                        writerSyscalls = writes;
                    }
                    if (sequence >= frames) {
                        pause(latencyIntervalMicros);
                    }
                    ByteBuffer payload = source.frame(sequence, sequence >= frames ? System.nanoTime() : 0);
                    header.clear();
                    header.putInt(payload.remaining()).putInt(sequence % 50 == 0 ? 1 : 0).putLong(sequence)
                            .putLong(sequence).putLong(0).flip();
                    both[0] = header;
                    both[1] = payload;
                    while (payload.hasRemaining()) {
                        channel.write(both);
                        writes++;
                    }
                }
                channel.shutdownOutput();
                Map<String, Long> result = peer.result();
                return new Outcome(frames, source.totalBytes(frames), result.get("lastThroughputNanos") - start,
                        writerCpu, result.get("cpuNanos"), writerSyscalls + result.get("syscalls"),
                        result.get("p50"), result.get("p99"), result.get("lost") + result.get("bad"));
            }
        }
    }

    private static MappedByteBuffer mapAck(Path file, boolean create) throws IOException {
        try (FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, 64);
        }
    }

    /** Sleeps between latency frames (parking, not spinning: the reader may need this core). */
    private static void pause(int micros) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(micros));
    }

    private static void requirePositive(String option, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(option + " must be positive, was " + value);
        }
    }

    /** What one transport achieved. */
    record Outcome(int frames, long bytes, long wallNanos, long writerCpuNanos, long readerCpuNanos, long syscalls,
                   long latencyP50Nanos, long latencyP99Nanos, long lost) {
        double wallNanosPerFrame() {
            return wallNanos / (double) frames;
        }

        double megabytesPerSecond() {
            return bytes / 1e6 / (wallNanos / 1e9);
        }

        double syscallsPerFrame() {
            return syscalls / (double) frames;
        }
    }

    /**
     * The bench's access units: sizes of a 720p stream (60 KB IDR every 50 frames, 5-30 KB P-frames),
     * bytes 0-7 the sequence, 8-15 the send time in the latency phase. One direct buffer, rewritten
     * per frame: no allocation on the measured path.
     */
    static final class Frames {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(MAX_FRAME);

        Frames() {
            for (int i = 16; i < MAX_FRAME; i++) {
                buffer.put(i, (byte) i);
            }
        }

        static int size(long sequence) {
            return sequence % 50 == 0 ? 60_000 : 5_000 + (int) (sequence * 7919 % 25_000);
        }

        ByteBuffer frame(long sequence, long sendNanos) {
            ByteBuffer frame = buffer.duplicate().order(ByteOrder.BIG_ENDIAN);
            frame.putLong(0, sequence).putLong(8, sendNanos);
            frame.position(0).limit(size(sequence));
            return frame;
        }

        long totalBytes(int count) {
            long total = 0;
            for (int i = 0; i < count; i++) {
                total += size(i);
            }
            return total;
        }

        double meanBytes(int count) {
            return totalBytes(count) / (double) count;
        }
    }

    /** Spin, then yield, then park; counts the calls that enter the kernel. */
    static final class Backoff {
        long syscalls;
        private int rounds;

        void idle() {
            rounds++;
            if (rounds <= 2000) {
                Thread.onSpinWait();
            } else if (rounds <= 2100) {
                Thread.yield();
                syscalls++;
            } else {
                LockSupport.parkNanos(20_000);
                syscalls++;
            }
        }

        void reset() {
            rounds = 0;
        }
    }

    /** The reading side in a second JVM, talking to the bench over its stdin/stdout. */
    static final class PeerProcess implements AutoCloseable {
        private final Process process;
        private final BufferedReader out;

        private PeerProcess(Process process) {
            this.process = process;
            this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        static PeerProcess start(String... args) throws IOException {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-cp",
                    System.getProperty("java.class.path"), Peer.class.getName()));
            command.addAll(Arrays.asList(args));
            return new PeerProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        String expect(String prefix) throws IOException {
            String line = out.readLine();
            if (line == null || !line.startsWith(prefix)) {
                throw new IllegalStateException("bench reader process said " + line + ", expected " + prefix);
            }
            return line;
        }

        Map<String, Long> result() throws IOException, InterruptedException {
            String line = expect("RESULT");
            Map<String, Long> values = new HashMap<>();
            for (String pair : line.substring("RESULT ".length()).split(" ")) {
                String[] kv = pair.split("=");
                values.put(kv[0], Long.parseLong(kv[1]));
            }
            process.waitFor(30, TimeUnit.SECONDS);
            return values;
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** Main class of the reading process: {@code ring FILE ACK N L} or {@code socket N L}. */
    public static final class Peer {

        private final int throughputFrames;
        private final long[] latencies;
        private int latencyCount;
        private long lastThroughputNanos;
        private long cpuStart = -1;
        private long cpuNanos;
        private long bad;
        private long touched;
        /** Syscalls so far, and as they stood when the last throughput frame was read. */
        private long syscalls;
        private long throughputSyscalls;
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

        private Peer(int throughputFrames, int latencyFrames) {
            this.throughputFrames = throughputFrames;
            this.latencies = new long[latencyFrames];
        }

        public static void main(String[] args) throws Exception {
            if (args[0].equals("ring")) {
                Peer peer = new Peer(Integer.parseInt(args[3]), Integer.parseInt(args[4]));
                peer.readRing(Path.of(args[1]), Path.of(args[2]));
            } else {
                Peer peer = new Peer(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                peer.readSocket();
            }
        }

        private void readRing(Path file, Path ackFile) throws IOException {
            MappedByteBuffer ack = mapAck(ackFile, false);
            try (RingReader reader = RingReader.open(file)) {
                System.out.println("READY");
                System.out.flush();
                Backoff backoff = new Backoff();
                long total = throughputFrames + latencies.length;
                long count = 0;
                boolean closedSeen = false;
                while (count + reader.lostFrames() < total) {
                    RingFrame frame = reader.poll();
                    if (frame == null) {
                        if (closedSeen) {
                            break;
                        }
                        closedSeen = reader.writerClosed();
                        if (count < throughputFrames) {
                            backoff.idle();
                            syscalls = backoff.syscalls;
                        } else {
                            Thread.yield(); // latency phase: poll, giving the core away between polls
                        }
                        continue;
                    }
                    backoff.reset();
                    long sequence = frame.sequence();
                    consume(frame.payload(), sequence);
                    if (reader.release(frame)) {
                        count++;
                    }
                    LONGS.setRelease(ack, 0, sequence + 1);
                }
                report(reader.lostFrames());
            }
        }

        private void readSocket() throws IOException {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                System.out.println("READY " + ((InetSocketAddress) server.getLocalAddress()).getPort());
                System.out.flush();
                try (SocketChannel channel = server.accept()) {
                    ByteBuffer header = ByteBuffer.allocateDirect(HEADER_BYTES);
                    ByteBuffer payload = ByteBuffer.allocateDirect(MAX_FRAME);
                    long total = throughputFrames + latencies.length;
                    for (long received = 0; received < total; received++) {
                        header.clear();
                        syscalls += readFully(channel, header);
                        int length = header.getInt(0);
                        long sequence = header.getLong(8);
                        payload.clear().limit(length);
                        syscalls += readFully(channel, payload);
                        payload.flip();
                        consume(payload, sequence);
                    }
                    report(0);
                }
            }
        }

        private static int readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
            int calls = 0;
            while (buffer.hasRemaining()) {
                calls++;
                if (channel.read(buffer) < 0) {
                    throw new IOException("bench writer closed the socket early");
                }
            }
            return calls;
        }

        /** Touches every cache line of the payload in place and checks its sequence; stamps latency. */
        private void consume(ByteBuffer payload, long sequence) {
            if (cpuStart < 0) {
                cpuStart = threads.getCurrentThreadCpuTime();
            }
            long sum = 0;
            int length = payload.limit();
            for (int i = 0; i < length; i += 64) {
                sum += payload.get(i);
            }
            touched += sum;
            if (payload.getLong(0) != sequence) {
                bad++;
            }
            long now = System.nanoTime();
            if (sequence == throughputFrames - 1) {
                lastThroughputNanos = now;
                throughputSyscalls = syscalls;
                cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
            } else if (sequence >= throughputFrames && latencyCount < latencies.length) {
                latencies[latencyCount++] = now - payload.getLong(8);
            }
        }

        private void report(long lost) {
            long[] sorted = Arrays.copyOf(latencies, latencyCount);
            Arrays.sort(sorted);
            long p50 = sorted.length == 0 ? -1 : sorted[sorted.length / 2];
            long p99 = sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))];
            System.out.println("RESULT lastThroughputNanos=" + lastThroughputNanos + " cpuNanos=" + cpuNanos
                    + " syscalls=" + throughputSyscalls + " p50=" + p50 + " p99=" + p99 + " lost=" + lost + " bad=" + bad
                    + " touched=" + (touched & 1));
            System.out.flush();
        }
    }
}
