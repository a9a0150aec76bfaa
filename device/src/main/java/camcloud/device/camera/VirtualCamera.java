package camcloud.device.camera;

import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.CloudAgent;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryImage;
import camcloud.device.system.CameraSystem;
import camcloud.device.system.SystemRun;
import camcloud.device.updater.UpdateException;
import camcloud.device.uplink.MediaUplink;
import camcloud.device.video.VideoApp;
import camcloud.device.video.VideoSource;
import camcloud.firmware.model.CameraModels;
import camcloud.protocol.v1.CameraStatus;
import camcloud.protocol.v1.Command;
import camcloud.protocol.v1.CommandAck;
import camcloud.protocol.v1.Envelope;
import camcloud.protocol.v1.FirmwareOffer;
import camcloud.protocol.v1.LedState;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A camera on the JVM, powered on the way a real one is: U-Boot runs the boot script from the flash
 * file, the kernel that boots starts the system software ({@link CameraSystem}), and in normal mode
 * the system starts the two programs of the app partition — the video application ({@link VideoApp}),
 * which writes access units into a shared-memory ring file, and the cloud agent ({@link CloudAgent}),
 * which reads them from that file and streams them ({@link MediaUplink}). They share nothing else,
 * so either could be another process. The camera opens no listening socket.
 *
 * <p>Firmware: the agent announces {@code firmware.v1} and hands offers the cloud pushes to the
 * system software, which checks them against the keys the factory pinned in {@code tech},
 * installs them ({@link CameraSystem#install}) and reboots the camera. A camera that boots into
 * recovery mode (backup kernel, or an app partition that is not whole) finishes the update from the
 * cloud by itself and retries every {@link #RECOVERY_RETRY} while the cloud is out of reach. Boots,
 * updates and reboots run on the camera's own system thread; {@link #led()} shows where it is.
 */
public final class VirtualCamera implements AutoCloseable {

    /** Firmware version of the factory image (what a new camera boots). */
    public static final String FACTORY_FIRMWARE = FactoryImage.VERSION;

    /** How long recovery mode waits before it tries the cloud again. */
    static final Duration RECOVERY_RETRY = Duration.ofSeconds(10);
    private static final Duration CLOUD_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration DOWNLOAD_STALL = Duration.ofSeconds(15);
    private static final int DOWNLOAD_ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(VirtualCamera.class);

    private final Path flashFile;
    private final CameraIdentity identity;
    private final AgentSettings settings;
    private final EventLoopGroup group;
    private final CameraVideo videoSpec;
    private final CameraSystem system;
    private final ScheduledExecutorService systemThread;
    private volatile Running running;
    private volatile CameraConfig config;
    private volatile SystemRun lastBoot;
    private volatile boolean updating;
    private volatile boolean closed;

    /** What runs in normal mode: the flash as the app sees it, the version that booted, agent and video app. */
    private record Running(CameraFlash flash, String version, CloudAgent agent, VideoApp video) {
    }

    private VirtualCamera(Path flashFile, CameraIdentity identity, CameraConfig config, AgentSettings settings,
                          EventLoopGroup group, CameraVideo videoSpec) {
        this.flashFile = flashFile;
        this.identity = identity;
        this.config = config;
        this.settings = settings;
        this.group = group;
        this.videoSpec = videoSpec;
        this.systemThread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camera-" + identity.serial() + "-system");
            t.setDaemon(true);
            return t;
        });
        this.system = CameraSystem.ofCamera(flashFile, identity, CLOUD_TIMEOUT, DOWNLOAD_STALL, DOWNLOAD_ATTEMPTS)
                .askInNormalMode(false);
    }

    /**
     * Powers on the camera whose flash is {@code flashFile}, without video.
     */
    public static VirtualCamera powerOn(Path flashFile, EventLoopGroup group, AgentSettings settings)
            throws IOException {
        return powerOn(flashFile, group, settings, null);
    }

    /**
     * Powers on the camera whose flash is {@code flashFile}: boots it, and in normal mode starts the
     * video application (when {@code video} is given) and the agent, which dials the cloud on
     * {@code group}. Returns once the boot is decided; a camera in recovery mode goes on recovering
     * in the background ({@link #agent()} is null until it runs normally).
     *
     * @param settings agent settings; the firmware version it reports is the one that boots
     * @param video    how the camera makes video; null for a camera without video
     * @throws IOException the flash holds no identity or cloud address, or no kernel boots (a brick)
     */
    public static VirtualCamera powerOn(Path flashFile, EventLoopGroup group, AgentSettings settings,
                                        CameraVideo video) throws IOException {
        CameraIdentity identity;
        CameraConfig config;
        try (CameraFlash flash = CameraFlash.open(flashFile, CameraModels.builtIn())) {
            identity = flash.identity();
            config = flash.config().orElseThrow(() -> new IOException(
                    flashFile + " has no cloud address in its config partition; provision it again"));
        }
        VirtualCamera camera = new VirtualCamera(flashFile, identity, config, settings, group, video);
        try {
            camera.boot();
        } catch (IOException | RuntimeException e) {
            camera.close();
            throw e;
        }
        return camera;
    }

    /** Runs U-Boot and the system software; in normal mode starts the app, in recovery mode retries later. */
    private void boot() throws IOException {
        SystemRun run = system.powerOn();
        lastBoot = run;
        switch (run.outcome()) {
            case NORMAL -> startApp(run.runningVersion());
            case BRICK -> throw new IOException("camera " + identity.serial() + " does not boot: "
                    + String.join(" | ", run.log()));
            default -> {
                log.warn("camera {}: recovery not finished ({}), trying again in {} s", identity.serial(),
                        run.log().isEmpty() ? run.outcome() : run.log().get(run.log().size() - 1),
                        RECOVERY_RETRY.toSeconds());
                systemThread.schedule(this::rebootQuietly, RECOVERY_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void startApp(String version) throws IOException {
        CameraFlash flash = CameraFlash.open(flashFile, CameraModels.builtIn());
        VideoApp videoApp = null;
        try {
            config = flash.config().orElseThrow(() -> new IOException(flashFile + " lost its config partition"));
            if (videoSpec != null) {
                VideoSource source = videoSpec.source().open(identity.serial().hashCode());
                videoApp = VideoApp.start(source, videoSpec.ringFile(identity.serial()),
                        videoSpec.source().ringBytes(), videoSpec.clock());
            }
            CloudAgent agent = new CloudAgent(identity, config, settings.withFirmwareVersion(version), group,
                    this::onCommand, videoApp == null ? null : videoApp.ringFile())
                    .acceptFirmwareOffers(this::onFirmwareOffer);
            running = new Running(flash, version, agent, videoApp);
            log.info("camera {} ({}) running firmware {}, cloud {}, video {}", identity.serial(), identity.model(),
                    version, config.cloudAddress(), videoSpec == null ? "off" : videoSpec.source());
            agent.start();
        } catch (IOException | RuntimeException e) {
            if (videoApp != null) {
                videoApp.close();
            }
            flash.close();
            throw e;
        }
    }

    /** Stops agent and video app and lets go of the flash, as the power going off would. */
    private void stopApp() {
        Running r = running;
        running = null;
        if (r == null) {
            return;
        }
        try {
            r.agent().close();
            if (r.video() != null) {
                r.video().close();
            }
        } finally {
            try {
                r.flash().close();
            } catch (IOException e) {
                log.warn("camera {}: closing the flash failed: {}", identity.serial(), e.toString());
            }
        }
    }

    /** Reboot on the system thread: the app stops, U-Boot runs again. */
    private void rebootQuietly() {
        if (closed) {
            return;
        }
        stopApp();
        try {
            boot();
        } catch (IOException | RuntimeException e) {
            log.error("camera {}: reboot failed: {}", identity.serial(), e.getMessage());
        }
    }

    /** On the agent's event loop: hand the offer to the system thread, one update at a time. */
    private void onFirmwareOffer(FirmwareOffer offer) {
        if (updating || closed) {
            log.debug("camera {}: offer for {} ignored, an update is running", identity.serial(), offer.getVersion());
            return;
        }
        updating = true;
        systemThread.execute(() -> {
            try {
                update(offer);
            } finally {
                updating = false;
            }
        });
    }

    private void update(FirmwareOffer offer) {
        Running r = running;
        if (r == null || closed) {
            return;
        }
        CloudAgent agent = r.agent();
        boolean reboot;
        try {
            reboot = system.install(r.flash(), r.version(), false, offer,
                    progress -> agent.send(Envelope.newBuilder().setUpdateProgress(progress).build()),
                    led -> agent.send(Envelope.newBuilder().setStatus(CameraStatus.newBuilder().setLed(led)).build()));
            if (reboot) {
                log.info("camera {}: installed firmware {}, rebooting", identity.serial(), offer.getVersion());
            }
        } catch (UpdateException e) {
            log.warn("camera {}: update to {} {}: {}", identity.serial(), offer.getVersion(),
                    e.refused() ? "refused" : "failed, rebooting to recover", e.getMessage());
            reboot = !e.refused();
        }
        if (reboot) {
            rebootQuietly();
        }
    }

    public String serial() {
        return identity.serial();
    }

    public CameraIdentity identity() {
        return identity;
    }

    public CameraConfig config() {
        return config;
    }

    /**
     * The LED: booting, recovering or error from the system software until the app runs; then
     * updating while an update is written, else the agent's connecting or online.
     */
    public LedState led() {
        Running r = running;
        if (r == null) {
            return closed ? LedState.LED_STATE_UNSPECIFIED : system.led();
        }
        return updating && system.led() == LedState.LED_STATE_UPDATING ? system.led() : r.agent().led();
    }

    public boolean online() {
        Running r = running;
        return r != null && r.agent().online();
    }

    /** The firmware version running now (null while no kernel runs). */
    public String firmwareVersion() {
        Running r = running;
        if (r != null) {
            return r.version();
        }
        SystemRun boot = lastBoot;
        return boot == null ? null : boot.runningVersion();
    }

    /** How the last power-on or reboot of the system software went (its log, line by line). */
    public SystemRun lastBoot() {
        return lastBoot;
    }

    /** The running cloud agent; null while the camera boots or recovers. */
    public CloudAgent agent() {
        Running r = running;
        return r == null ? null : r.agent();
    }

    /** The video application, or null for a camera without video (or while it boots or recovers). */
    public VideoApp video() {
        Running r = running;
        return r == null ? null : r.video();
    }

    /** The agent's video uplink, or null for a camera without video (or while it boots or recovers). */
    public MediaUplink uplink() {
        CloudAgent agent = agent();
        return agent == null ? null : agent.uplink();
    }

    private CommandAck onCommand(Command command) {
        return switch (command.getKindCase()) {
            case PING -> ack(CommandAck.Result.RESULT_OK, "pong");
            case REBOOT -> {
                log.info("camera {}: rebooting on the cloud's command", identity.serial());
                // Acknowledge first; the reboot stops the agent once the ack is on its way.
                systemThread.schedule(this::rebootQuietly, 200, TimeUnit.MILLISECONDS);
                yield ack(CommandAck.Result.RESULT_OK, "rebooting");
            }
            case APPLY_SETTINGS -> applySettings(command.getApplySettings().getSettingsMap());
            default -> ack(CommandAck.Result.RESULT_UNSUPPORTED, "this camera does not know "
                    + command.getKindCase());
        };
    }

    private CommandAck applySettings(Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(config.settings());
        merged.putAll(changes);
        CameraConfig updated = config.withSettings(merged);
        Running r = running;
        if (r == null) {
            return ack(CommandAck.Result.RESULT_FAILED, "the camera is rebooting");
        }
        try {
            r.flash().writeConfig(updated);
            config = updated;
            return ack(CommandAck.Result.RESULT_OK, "applied " + changes.size() + " settings");
        } catch (IOException | RuntimeException e) {
            return ack(CommandAck.Result.RESULT_FAILED, "settings do not fit: " + e.getMessage());
        }
    }

    private static CommandAck ack(CommandAck.Result result, String message) {
        return CommandAck.newBuilder().setResult(result).setMessage(message).build();
    }

    @Override
    public void close() throws IOException {
        closed = true;
        systemThread.shutdownNow();
        try {
            if (!systemThread.awaitTermination(5, TimeUnit.SECONDS)) {
                log.warn("camera {}: the system thread did not stop within 5 s", identity.serial());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopApp();
    }
}
