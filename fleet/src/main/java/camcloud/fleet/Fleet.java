package camcloud.fleet;

import camcloud.device.agent.AgentMeters;
import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.CameraVideo;
import camcloud.device.camera.VirtualCamera;
import camcloud.device.identity.CameraConfig;
import camcloud.device.provision.BulkProvisioner;
import camcloud.device.provision.FactoryProvisioner;
import camcloud.device.video.VideoSourceSpec;
import camcloud.firmware.model.CameraModel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Many virtual cameras in one process: one flash file per camera in a directory, all agents sharing
 * a few event-loop threads. The demo runs a handful; load and soak tests run thousands.
 *
 * <p>With video, every camera's video application runs on a shared clock of as many threads as
 * there are event loops, and the synthetic scene is encoded once per process and replayed by every
 * camera, so neither threads nor encoding grow with the number of cameras.
 */
public final class Fleet implements AutoCloseable {

    private final EventLoopGroup group;
    private final ScheduledExecutorService videoClock;
    private final List<VirtualCamera> cameras;
    private final AgentMeters meters;

    private Fleet(EventLoopGroup group, ScheduledExecutorService videoClock, List<VirtualCamera> cameras,
                  AgentMeters meters) {
        this.group = group;
        this.videoClock = videoClock;
        this.cameras = cameras;
        this.meters = meters;
    }

    /** A camera this call provisioned, with the flash file it lives in. */
    public record NewCamera(Path flash, FactoryProvisioner.Provisioned camera) {
    }

    /** The flash file of camera number {@code index} (1-based) in {@code dir}. */
    public static Path flashFile(Path dir, int index) {
        return dir.resolve(String.format("camera-%05d.flash", index));
    }

    /**
     * Makes sure {@code dir} holds {@code count} provisioned cameras, provisioning the missing ones
     * (models taken in turn from {@code models}) in batches through the cloud's operator API at
     * {@code api} ({@link BulkProvisioner}). Returns only the newly provisioned ones. A run that
     * stops half-way leaves whole batches behind; the next run provisions the rest.
     */
    public static List<NewCamera> provisionMissing(Path dir, int count, List<CameraModel> models, CameraConfig cloud,
                                                   URI api, String operatorToken) throws IOException {
        List<Path> flashes = new ArrayList<>();
        List<CameraModel> flashModels = new ArrayList<>();
        for (int i : missing(dir, count, models)) {
            flashes.add(flashFile(dir, i));
            flashModels.add(models.get((i - 1) % models.size()));
        }
        List<FactoryProvisioner.Provisioned> cameras = BulkProvisioner.provision(flashes, flashModels, cloud, api,
                operatorToken);
        List<NewCamera> created = new ArrayList<>(cameras.size());
        for (int i = 0; i < cameras.size(); i++) {
            created.add(new NewCamera(flashes.get(i), cameras.get(i)));
        }
        return created;
    }

    /**
     * The same one camera per gateway connection ({@link FactoryProvisioner}), for a caller that has
     * the gateway but not the API: slow beyond a few hundred cameras.
     */
    public static List<NewCamera> provisionMissing(Path dir, int count, List<CameraModel> models, CameraConfig cloud,
                                                   String operatorToken) throws IOException {
        List<NewCamera> created = new ArrayList<>();
        for (int i : missing(dir, count, models)) {
            Path flash = flashFile(dir, i);
            CameraModel model = models.get((i - 1) % models.size());
            created.add(new NewCamera(flash, FactoryProvisioner.provision(flash, model, cloud, operatorToken)));
        }
        return created;
    }

    /** The numbers (1-based) of the cameras {@code dir} lacks of {@code count}; creates {@code dir}. */
    private static List<Integer> missing(Path dir, int count, List<CameraModel> models) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("camera count must not be negative, was " + count);
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("at least one camera model is needed");
        }
        Files.createDirectories(dir);
        List<Integer> missing = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (!Files.exists(flashFile(dir, i))) {
                missing.add(i);
            }
        }
        return missing;
    }

    /** Powers on every camera whose flash file is in {@code dir}, on {@code threads} shared event loops, without video. */
    public static Fleet powerOn(Path dir, AgentSettings settings, int threads) throws IOException {
        return powerOn(dir, settings, threads, (IntFunction<VideoSourceSpec>) null);
    }

    /**
     * Powers on every camera whose flash file is in {@code dir}, on {@code threads} shared event loops,
     * each streaming video from {@code video} (null: no video).
     */
    public static Fleet powerOn(Path dir, AgentSettings settings, int threads, VideoSourceSpec video)
            throws IOException {
        return powerOn(dir, settings, threads, video == null ? null : index -> video);
    }

    /**
     * The same with each camera's video chosen by its place in the directory (flash files in name
     * order, from 0): {@code videoOf} returns the spec of camera {@code index} (null for the whole
     * {@code videoOf}: no video). The demo shows a live scene on its first camera this way.
     */
    public static Fleet powerOn(Path dir, AgentSettings settings, int threads, IntFunction<VideoSourceSpec> videoOf)
            throws IOException {
        List<Path> flashes;
        try (Stream<Path> files = Files.list(dir)) {
            flashes = files.filter(p -> p.getFileName().toString().endsWith(".flash")).sorted().toList();
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, NioIoHandler.newFactory());
        ScheduledExecutorService clock = videoOf == null ? null
                : Executors.newScheduledThreadPool(Math.max(1, threads), daemonThreads("video-clock"));
        List<VirtualCamera> cameras = new ArrayList<>();
        // Each power-on runs U-Boot and checks kernel CRC and app hash (~20 ms of CPU): boot on every core.
        ExecutorService boots = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                daemonThreads("boot"));
        try {
            List<Future<VirtualCamera>> booting = new ArrayList<>();
            for (int index = 0; index < flashes.size(); index++) {
                Path flash = flashes.get(index);
                CameraVideo cameraVideo = videoOf == null ? null : new CameraVideo(videoOf.apply(index), clock);
                booting.add(boots.submit(() -> VirtualCamera.powerOn(flash, group, settings, cameraVideo)));
            }
            IOException failed = null;
            for (Future<VirtualCamera> boot : booting) {
                try {
                    cameras.add(boot.get());
                } catch (ExecutionException e) {
                    if (failed == null) {
                        failed = e.getCause() instanceof IOException io ? io
                                : new IOException("power-on failed: " + e.getCause(), e.getCause());
                    }
                }
            }
            if (failed != null) {
                throw failed;
            }
        } catch (IOException | RuntimeException e) {
            new Fleet(group, clock, cameras, settings.meters()).close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            new Fleet(group, clock, cameras, settings.meters()).close();
            throw new IOException("interrupted while powering on", e);
        } finally {
            boots.shutdownNow();
        }
        return new Fleet(group, clock, cameras, settings.meters());
    }

    private static ThreadFactory daemonThreads(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    public List<VirtualCamera> cameras() {
        return cameras;
    }

    public long online() {
        return cameras.stream().filter(VirtualCamera::online).count();
    }

    /**
     * The fleet now: cameras online, connecting and given up, the agents' handshake and reconnect
     * totals (shared {@link AgentMeters} of the settings it powered on with), the heartbeat round
     * trips since the previous call, and the process's heap, RSS and descriptors.
     */
    public FleetStatus status() {
        long online = 0;
        long connecting = 0;
        long gaveUp = 0;
        for (VirtualCamera camera : cameras) {
            if (camera.online()) {
                online++;
            } else if (camera.gaveUp()) {
                gaveUp++;
            } else if (camera.agent() != null) {
                connecting++;
            }
        }
        return new FleetStatus(cameras.size(), online, connecting, meters.handshakes(), meters.resumedHandshakes(),
                meters.reconnects(), gaveUp, meters.takeRoundTrips(), ProcessFootprint.heapUsedBytes(),
                ProcessFootprint.rssBytes(), ProcessFootprint.openFiles());
    }

    /**
     * Powers every camera off: each agent says Goodbye and waits for its connection to close, so
     * thousands of cameras are powered off side by side, not one after another.
     */
    @Override
    public void close() {
        ExecutorService closing = Executors.newFixedThreadPool(Math.max(1, Math.min(64, cameras.size())),
                daemonThreads("power-off"));
        try {
            for (VirtualCamera camera : cameras) {
                closing.execute(() -> {
                    try {
                        camera.close();
                    } catch (IOException | RuntimeException ignored) {
                        // powering off the rest anyway
                    }
                });
            }
            closing.shutdown();
            closing.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closing.shutdownNow();
        }
        if (videoClock != null) {
            videoClock.shutdownNow();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
