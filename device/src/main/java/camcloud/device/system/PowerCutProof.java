package camcloud.device.system;

import camcloud.device.flash.PowerCut;
import camcloud.firmware.layout.Partition;
import camcloud.firmware.model.CameraModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The promise "a power cut at any moment of an update leaves no brick", tried exhaustively: every
 * erase and program operation of a full update (at block or page granularity, see {@link PowerCut})
 * is a cut point. For each one, the camera's flash is restored to its state before the update, the
 * camera is powered on (with the cloud offering the new version) until the power goes off at that
 * operation — torn — and then powered on again with the cloud reachable. It must end in normal mode
 * on the target version with a whole app partition, with {@code tech} and {@code config}
 * byte-identical to before, and nobody touching it. Every {@code secondCutEvery}-th cut point also
 * cuts the power a second time, during the recovery, before the final power-on.
 *
 * <p>Workers run cut points in parallel, each on its own camera (its own "before" flash file and
 * identity) so the cloud sees one session per camera at a time.
 */
public final class PowerCutProof {

    /** What the enumeration found. */
    public record Result(long cutPoints, long bricks, long secondCuts, List<String> failures, long elapsedMillis) {
        /** The line the test and the bench print. */
        public String line() {
            return cutPoints + " cut points, " + bricks + " bricks";
        }
    }

    private final List<Path> before;
    private final Path workDir;
    private final CameraModel model;
    private final Function<Path, CameraSystem> systemFor;
    private final String targetVersion;
    private final PowerCut.Granularity granularity;
    private final int secondCutEvery;
    private long stride = 1;

    /**
     * @param before        one flash file per worker, each a provisioned camera about to be offered the target
     * @param systemFor     the camera system software running on a given flash file
     * @param secondCutEvery try a second cut during recovery at every n-th cut point (0: never)
     */
    public PowerCutProof(List<Path> before, Path workDir, CameraModel model, Function<Path, CameraSystem> systemFor,
                         String targetVersion, PowerCut.Granularity granularity, int secondCutEvery) {
        this.before = List.copyOf(before);
        this.workDir = workDir;
        this.model = model;
        this.systemFor = systemFor;
        this.targetVersion = targetVersion;
        this.granularity = granularity;
        this.secondCutEvery = secondCutEvery;
    }

    /**
     * Tries only every {@code stride}-th cut point (page granularity has tens of thousands); the
     * result then counts the points tried. 1, the default, tries every one.
     */
    public PowerCutProof stride(long stride) {
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be 1 or more, got " + stride);
        }
        this.stride = stride;
        return this;
    }

    /** Counts the cut points with an uncut update, then tries every one (or every stride-th). */
    public Result run() throws IOException, InterruptedException {
        long start = System.nanoTime();
        Files.createDirectories(workDir);
        copyBaseImages();
        long total = countOperations();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong secondCuts = new AtomicLong();
        AtomicLong next = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(before.size());
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < before.size(); w++) {
                Path original = before.get(w);
                Path work = workDir.resolve("worker-" + w + ".flash");
                Path torn = workDir.resolve("worker-" + w + ".torn");
                workers.add(pool.submit(() -> {
                    for (long cut = next.getAndAdd(stride); cut < total; cut = next.getAndAdd(stride)) {
                        String failure = tryCut(original, work, torn, cut, secondCuts);
                        if (failure != null) {
                            failures.add("cut " + cut + ": " + failure);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : workers) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IOException("power-cut worker failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        failures.sort(null);
        return new Result((total + stride - 1) / stride, failures.size(), secondCuts.get(), List.copyOf(failures),
                (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * A sparse flash file is read against its model's base image in its own directory: the copies
     * made in the work directory need the base images of the originals beside them.
     */
    private void copyBaseImages() throws IOException {
        for (Path original : before) {
            Path dir = original.toAbsolutePath().getParent();
            if (dir == null || dir.equals(workDir.toAbsolutePath())) {
                continue;
            }
            try (java.util.stream.Stream<Path> files = Files.list(dir)) {
                for (Path base : files.filter(f -> f.getFileName().toString().startsWith("flash-base-")).toList()) {
                    Path copy = workDir.resolve(base.getFileName().toString());
                    if (!Files.exists(copy)) {
                        Files.copy(base, copy);
                    }
                }
            }
        }
    }

    private long countOperations() throws IOException {
        Path work = workDir.resolve("count.flash");
        Files.copy(before.get(0), work, StandardCopyOption.REPLACE_EXISTING);
        PowerCut counting = PowerCut.counting(granularity);
        SystemRun run = systemFor.apply(work).powerOn(counting);
        if (run.outcome() != SystemRun.Outcome.NORMAL || !targetVersion.equals(run.runningVersion())) {
            throw new IOException("the uncut update did not end on " + targetVersion + " in normal mode: "
                    + run.outcome() + " " + run.runningVersion() + " " + run.log());
        }
        if (counting.operations() == 0) {
            throw new IOException("the update wrote nothing: is the cloud offering " + targetVersion + "?");
        }
        return counting.operations();
    }

    /** @return null when the camera recovered, else what went wrong */
    private String tryCut(Path original, Path work, Path torn, long cut, AtomicLong secondCuts) {
        try {
            Files.copy(original, work, StandardCopyOption.REPLACE_EXISTING);
            SystemRun first = systemFor.apply(work).powerOn(PowerCut.at(cut, granularity, cut));
            if (first.outcome() != SystemRun.Outcome.POWER_CUT) {
                return "the cut did not happen: " + first.outcome() + " " + first.log();
            }
            if (secondCutEvery > 0 && cut % secondCutEvery == 0) {
                Files.copy(work, torn, StandardCopyOption.REPLACE_EXISTING);
                PowerCut counting = PowerCut.counting(granularity);
                systemFor.apply(work).powerOn(counting);
                Files.copy(torn, work, StandardCopyOption.REPLACE_EXISTING);
                if (counting.operations() > 0) {
                    long second = (cut * 7919 + 13) % counting.operations();
                    SystemRun again = systemFor.apply(work).powerOn(PowerCut.at(second, granularity, cut + 1));
                    if (again.outcome() != SystemRun.Outcome.POWER_CUT) {
                        return "the second cut did not happen: " + again.outcome() + " " + again.log();
                    }
                    secondCuts.incrementAndGet();
                }
            }
            SystemRun last = systemFor.apply(work).powerOn();
            if (last.outcome() != SystemRun.Outcome.NORMAL) {
                return "ended " + last.outcome() + ": " + last.log();
            }
            if (!targetVersion.equals(last.runningVersion())) {
                return "ended on " + last.runningVersion() + ", not " + targetVersion + ": " + last.log();
            }
            byte[] was = Files.readAllBytes(original);
            byte[] is = Files.readAllBytes(work);
            for (String name : List.of("boot", "tech", "config")) {
                Partition p = model.layout().partition(name);
                if (!Arrays.equals(was, (int) p.offset(), (int) p.end(), is, (int) p.offset(), (int) p.end())) {
                    return "partition " + name + " changed";
                }
            }
            return null;
        } catch (IOException e) {
            return "I/O: " + e;
        } catch (RuntimeException e) {
            return "crashed: " + e;
        }
    }

}
