package camcloud.device.camera;

import camcloud.device.agent.AgentSettings;
import camcloud.device.agent.CloudAgent;
import camcloud.device.agent.EventOutbox;
import camcloud.device.analytics.CameraAnalytics;
import camcloud.device.identity.CameraConfig;
import camcloud.device.identity.CameraFlash;
import camcloud.device.identity.CameraIdentity;
import camcloud.device.provision.FactoryImage;
import camcloud.device.system.CameraSystem;
import camcloud.device.system.SystemRun;
import camcloud.device.updater.UpdateException;
import camcloud.device.uplink.MediaUplink;
import camcloud.device.uplink.RecordingMode;
import camcloud.device.video.FileVideoSource;
import camcloud.device.video.ImageSettings;
import camcloud.device.video.SceneControl;
import camcloud.device.video.SceneSettings;
import camcloud.device.video.VideoApp;
import camcloud.device.video.VideoFormat;
import camcloud.device.video.VideoSourceSpec;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
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
 * updates and reboots run on the camera's own system thread ({@link SystemThread}: a queue on threads
 * shared by the process, so an idle camera holds none); {@link #led()} shows where it is.
 *
 * <p>Analytics and commands: a camera whose source renders live pictures (the live scene) runs its
 * {@link CameraAnalytics} on them, one playing a file estimates motion from frame sizes, one on the
 * shared synthetic loop runs none; events go to the agent's outbox ({@code events.v1}). The cloud's
 * PTZ, preset, day/night and settings commands go to {@link CameraControl}, which keeps settings and
 * presets in the {@code config} partition and applies them again at every boot.
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
    private final SystemThread systemThread;
    private volatile Running running;
    private volatile CameraConfig config;
    private volatile SystemRun lastBoot;
    private volatile boolean updating;
    private volatile boolean closed;
    private volatile boolean gaveUp;

    /**
     * What runs in normal mode: the flash as the app sees it, the version that booted, agent, video
     * app, the analytics (null without video or for the shared loop) and the command handling.
     */
    private record Running(CameraFlash flash, String version, CloudAgent agent, VideoApp video,
                           CameraAnalytics analytics, CameraControl control) {
    }

    private VirtualCamera(Path flashFile, CameraIdentity identity, CameraConfig config, AgentSettings settings,
                          EventLoopGroup group, CameraVideo videoSpec) {
        this.flashFile = flashFile;
        this.identity = identity;
        this.config = config;
        this.settings = settings;
        this.group = group;
        this.videoSpec = videoSpec;
        this.systemThread = new SystemThread(identity.serial());
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
        // The app writes its flash rarely (a setting, an update): no descriptor held in between.
        flash.chip().openOnUse(true);
        VideoApp videoApp = null;
        try {
            config = flash.config().orElseThrow(() -> new IOException(flashFile + " lost its config partition"));
            if (videoSpec != null && lastBoot.videoRuns()) { // videoRuns: a stand-in bad build (SystemRun)
                VideoSource source = videoSpec.source().open(identity.serial().hashCode());
                videoApp = VideoApp.start(source, videoSpec.ringFile(identity.serial()),
                        videoSpec.source().ringBytes(), videoSpec.clock());
            }
            CloudAgent agent = new CloudAgent(identity, config, settings.withFirmwareVersion(version), group,
                    this::onCommand, videoApp == null ? null : videoApp.ringFile())
                    .acceptFirmwareOffers(this::onFirmwareOffer);
            Optional<SceneControl> scene = videoApp == null ? Optional.empty() : videoApp.sceneControl();
            CameraAnalytics analytics = analyticsFor(videoApp, scene, agent);
            CameraControl control = CameraControl.boot(identity.serial(), flash, config, scene, analytics,
                    capabilities(videoApp, scene), SystemThread.timer(), agent::statusChanged);
            config = control.config();
            agent.reportSettings(control::state);
            agent.acceptWelcomeSettings(desired -> {
                if (control.adopt(desired)) {
                    config = control.config();
                }
            });
            if (analytics != null) {
                agent.announce(EventOutbox.CAPABILITY);
                // A day/night switch changes daynight.state: report it.
                analytics.onDayNight(night -> agent.statusChanged());
            }
            if (scene.isPresent()) {
                agent.announce("ptz.v1", "image.v1");
            }
            // Event-only recording: the uplink follows recording.* (now, before it starts, so no unit goes
            // out in the wrong mode, and after every change) and the analytics' "an event is open".
            MediaUplink uplink = agent.uplink();
            if (uplink != null) {
                control.onApplied(s -> uplink.recordingMode(s.recordEventsOnly() ? RecordingMode.EVENTS
                        : RecordingMode.CONTINUOUS, Duration.ofSeconds(s.preRollSeconds()),
                        Duration.ofSeconds(s.postRollSeconds())));
                if (analytics != null) {
                    analytics.onActivity(uplink::eventActive);
                }
            }
            running = new Running(flash, version, agent, videoApp, analytics, control);
            log.info("camera {} ({}) running firmware {}, cloud {}, video {}, analytics {}", identity.serial(),
                    identity.model(), version, config.cloudAddress(), videoSpec == null ? "off" : videoSpec.source(),
                    analytics == null ? "off" : scene.isPresent() ? "on raw pictures" : "coded sizes");
            if (analytics != null) {
                if (scene.isPresent()) {
                    videoApp.onRawPicture(analytics);
                } else {
                    videoApp.onEncodedFrame(analytics::onEncodedFrame);
                }
            }
            agent.start();
        } catch (IOException | RuntimeException e) {
            if (videoApp != null) {
                videoApp.close();
            }
            flash.close();
            throw e;
        }
    }

    /**
     * The analytics this camera's video allows: on raw pictures when its source renders them live (a
     * scene with controls), on coded frame sizes for a file, none for the shared synthetic loop
     * (its objects move all the time: every minute would be motion) or a camera without video.
     * Events go to the agent's outbox.
     */
    private CameraAnalytics analyticsFor(VideoApp videoApp, Optional<SceneControl> scene, CloudAgent agent) {
        if (videoApp == null) {
            return null;
        }
        boolean file = videoSpec.source() instanceof VideoSourceSpec.File;
        if (scene.isEmpty() && !file) {
            return null;
        }
        String prefix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
        return new CameraAnalytics(prefix, night -> scene.ifPresent(s -> s.nightMode(night)),
                CameraAnalytics.sharedSnapshotThread(), agent.events()::offer);
    }

    /** What the settings may be on this camera: the scene's sizes and controls, or the source's fixed format. */
    private CameraSettings.Capabilities capabilities(VideoApp videoApp, Optional<SceneControl> scene) {
        if (scene.isPresent()) {
            return new CameraSettings.Capabilities(scene.get().resolutions(), scene.get().imageSettings(), true);
        }
        if (videoApp == null) {
            SceneSettings nominal = SceneSettings.sd360();
            return fixed(nominal.width(), nominal.height(), nominal.fps(), nominal.bitrateKbps());
        }
        VideoFormat format = videoApp.format();
        return fixed(format.width(), format.height(), Math.min(CameraSettings.MAX_FPS, Math.max(1, format.fps())),
                sourceKbps());
    }

    private static CameraSettings.Capabilities fixed(int width, int height, int fps, int kbps) {
        SceneControl.Resolution size = new SceneControl.Resolution(width, height);
        return new CameraSettings.Capabilities(List.of(size),
                new ImageSettings(0, 0, false, false, size, fps, Math.max(64, Math.min(8000, kbps))), false);
    }

    /** The source's bitrate: the synthetic scene's target, or a file's average. */
    private int sourceKbps() {
        if (videoSpec.source() instanceof VideoSourceSpec.Synthetic synthetic) {
            return synthetic.scene().bitrateKbps();
        }
        if (videoSpec.source() instanceof VideoSourceSpec.File file) {
            long bytes = 0;
            long nanos = 0;
            for (FileVideoSource.Clip.Frame frame : file.clip().frames()) {
                bytes += frame.annexB().length;
                nanos += frame.durationNanos();
            }
            return nanos == 0 ? 1000 : (int) (bytes * 8e6 / nanos);
        }
        return 1000;
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
            gaveUp = true;
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

    /** True when a reboot failed and the camera stays dark until powered on again (it no longer tries). */
    public boolean gaveUp() {
        return gaveUp && running == null;
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

    /** The camera's settings now (null while it boots or recovers). */
    public CameraSettings settings() {
        Running r = running;
        return r == null ? null : r.control().settings();
    }

    /** What the camera reports in acks and its status: settings, PTZ, day/night, limits. */
    public Map<String, String> state() {
        Running r = running;
        return r == null ? Map.of() : r.control().state();
    }

    /**
     * The camera's analytics (events and the "some event is active" signal, {@link
     * CameraAnalytics#onActivity}); null without video, for the shared loop, or while it boots. A new
     * one starts with every boot.
     */
    public CameraAnalytics analytics() {
        Running r = running;
        return r == null ? null : r.analytics();
    }

    /** On the agent's event loop (tests call it directly). */
    CommandAck onCommand(Command command) {
        switch (command.getKindCase()) {
            case PING -> {
                return CameraControl.ack(CommandAck.Result.RESULT_OK, "pong").toBuilder().putAllState(state()).build();
            }
            case REBOOT -> {
                log.info("camera {}: rebooting on the cloud's command", identity.serial());
                // Acknowledge first; the reboot stops the agent once the ack is on its way.
                systemThread.schedule(this::rebootQuietly, 200, TimeUnit.MILLISECONDS);
                return CameraControl.ack(CommandAck.Result.RESULT_OK, "rebooting");
            }
            default -> {
                Running r = running;
                if (r == null) {
                    return CameraControl.ack(CommandAck.Result.RESULT_FAILED, "the camera is rebooting");
                }
                CommandAck ack = r.control().handle(command);
                if (ack == null) {
                    return CameraControl.ack(CommandAck.Result.RESULT_UNSUPPORTED, "this camera does not know "
                            + command.getKindCase());
                }
                config = r.control().config();
                return ack;
            }
        }
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
